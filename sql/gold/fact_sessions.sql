-- gold.fact_sessions: one row per session (session_id) of silver events, dated by the UTC date of its first
-- event (session_date). Attributes of the session's first event (by event_time, event_id): utm source/medium/
-- campaign, referrer and its class, hence the channel (dim_channel); device and country are the first non-null
-- ones. has_<step> is true when the session has at least one event of that type. Transactions: seed004
-- transactions and native completed orders (latest version; amount = order total) with its session_id, dated
-- the session's date or the next day. user_key is the dim_user version valid at session_start. processing_timestamp
-- is the built_at of the silver events partition of the session's date when the session was last computed (an
-- audit column: a merge leaves the sessions it keeps as they are, so the publish writes only what changed,
-- docs/decisions.md). Replaced for session dates getvariable('cw_from')..('cw_to'); events are read from the day
-- before to the day after. When
-- getvariable('cw_merge_sessions') (GoldPlan: the dates were built before with the same settings and dimensions), only
-- the sessions touched since are recomputed and replaced: those with an events row from a silver source file the
-- date's facts were not built from (gold_build.cw_fact_sources), and those whose transactions changed; the others
-- keep their row as it is (their inputs are unchanged).
-- Runs after _fact_sessions_changes.sql (the table, cw_session_payments, cw_touched_sessions) and after the sessions to
-- write were aggregated from their events, with their user_key and processing_timestamp, into cw_sessions (a view or a table):
-- by _fact_sessions_events.sql (the reference) or in C# from the silver events files (Warehouse/NativeGold,
-- docs/decisions.md), with the same columns and rows.
-- A deleted row that an earlier version saw is kept for those versions (ended at this build's version cw_version); a row
-- this build inserted is deleted outright. Warehouse/GoldSessionsStore publishes each version as a view of both tables.
INSERT INTO gold_v.fact_sessions__ended
SELECT *, getvariable('cw_version') AS cw_to
FROM gold_build.fact_sessions
WHERE session_date BETWEEN getvariable('cw_from') AND getvariable('cw_to')
    AND (NOT getvariable('cw_merge_sessions') OR session_id IN (SELECT session_id FROM cw_touched_sessions))
    AND cw_from < getvariable('cw_version');

DELETE FROM gold_build.fact_sessions
WHERE session_date BETWEEN getvariable('cw_from') AND getvariable('cw_to')
    AND (NOT getvariable('cw_merge_sessions') OR session_id IN (SELECT session_id FROM cw_touched_sessions));

INSERT INTO gold_build.fact_sessions
-- Materialised once (read twice): as main's single statement did with its aggregation, not copied into a table first.
WITH sessions AS MATERIALIZED (SELECT * FROM cw_sessions), entries AS (
    -- The channel of each distinct entry (few): the regular expressions and md5 run once per entry, not per session.
    SELECT utm_source, utm_medium, utm_campaign, referrer, referrer_class,
        cw_channel(utm_source, utm_medium, referrer_class) AS channel,
        cw_channel_key(utm_source, utm_medium, utm_campaign, referrer_class) AS channel_key
    FROM (SELECT DISTINCT utm_source, utm_medium, utm_campaign, referrer, cw_referrer_class(referrer) AS referrer_class
        FROM (SELECT DISTINCT utm_source, utm_medium, utm_campaign, referrer FROM sessions))
)
SELECT
    s.session_id, CAST(s.session_start AS DATE) AS session_date, cw_date_key(CAST(s.session_start AS DATE)) AS date_key,
    s.user_id, s.user_key, s.session_start, s.session_end,
    -- Durations subtract plain timestamps (the warehouse is in UTC): the same interval and seconds as TIMESTAMPTZ
    -- subtraction, which goes through the ICU calendar and costs ~10x more.
    epoch(CAST(s.session_end AS TIMESTAMP) - CAST(s.session_start AS TIMESTAMP)) AS session_duration_seconds,
    s.total_events, s.event_types, s.event_types[1] AS first_event_type, s.event_types[-1] AS last_event_type,
    s.device, s.country, s.utm_source, s.utm_medium, s.utm_campaign, s.referrer, e.referrer_class,
    e.channel, e.channel_key,
    s.product_views, s.product_views > 0 AS has_product_view, s.has_add_to_cart, s.has_checkout, s.has_purchase,
    t.transaction_id, t.transaction_amount, coalesce(t.transaction_count, 0) AS transaction_count,
    t.transaction_currency, t.transaction_timestamp, t.session_id IS NOT NULL AS has_transaction,
    epoch(CAST(t.transaction_timestamp AS TIMESTAMP) - CAST(s.session_start AS TIMESTAMP)) AS time_to_purchase_seconds,
    s.processing_timestamp,
    getvariable('cw_data_version') AS data_version,
    getvariable('cw_version') AS cw_from
FROM sessions AS s
JOIN entries AS e ON e.utm_source IS NOT DISTINCT FROM s.utm_source AND e.utm_medium IS NOT DISTINCT FROM s.utm_medium
    AND e.utm_campaign IS NOT DISTINCT FROM s.utm_campaign AND e.referrer IS NOT DISTINCT FROM s.referrer
LEFT JOIN cw_session_payments AS t ON t.session_id = s.session_id;
