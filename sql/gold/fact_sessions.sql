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
CREATE TABLE IF NOT EXISTS gold_build.fact_sessions (
    session_id VARCHAR, session_date DATE, date_key INTEGER, user_id VARCHAR, user_key BIGINT, session_start TIMESTAMPTZ,
    session_end TIMESTAMPTZ, session_duration_seconds DOUBLE, total_events BIGINT, event_types VARCHAR[], first_event_type VARCHAR,
    last_event_type VARCHAR, device VARCHAR, country VARCHAR, utm_source VARCHAR, utm_medium VARCHAR, utm_campaign VARCHAR,
    referrer VARCHAR, referrer_class VARCHAR, channel VARCHAR, channel_key BIGINT, product_views BIGINT,
    has_product_view BOOLEAN, has_add_to_cart BOOLEAN, has_checkout BOOLEAN, has_purchase BOOLEAN,
    transaction_id VARCHAR, transaction_amount DECIMAL(18, 2), transaction_count BIGINT, transaction_currency VARCHAR,
    transaction_timestamp TIMESTAMPTZ, has_transaction BOOLEAN, time_to_purchase_seconds DOUBLE,
    processing_timestamp TIMESTAMPTZ, data_version VARCHAR
);

-- Transactions per session: seed004 transactions and native completed orders of the session's date and the next day.
CREATE OR REPLACE TEMP TABLE cw_session_payments AS
WITH payments AS (
    SELECT transaction_id, session_id, amount, currency, transaction_timestamp
    FROM silver.transactions
    WHERE dt BETWEEN getvariable('cw_from') AND getvariable('cw_to') + 1 AND session_id IS NOT NULL
    UNION ALL
    SELECT order_id, session_id, order_total, currency, created_at
    FROM silver.orders
    WHERE dt BETWEEN getvariable('cw_from') AND getvariable('cw_to') + 1 AND status = 'completed' AND session_id IS NOT NULL
)
SELECT session_id,
    first(transaction_id ORDER BY transaction_timestamp, transaction_id) AS transaction_id,
    CAST(sum(amount) AS DECIMAL(18, 2)) AS transaction_amount,
    count(*) AS transaction_count,
    first(currency ORDER BY transaction_timestamp, transaction_id) AS transaction_currency,
    min(transaction_timestamp) AS transaction_timestamp
FROM payments
GROUP BY session_id;

-- The sessions to recompute when merging (empty otherwise): a silver events row of a file not recorded for every date
-- of the range whose events window holds its partition, or ingested after that file's newest recorded ingestion_time
-- (the stream's log:<p> and a file dropped again under the same name keep their source_file; every ingest batch and
-- stream micro-batch has its own, later ingestion_time), or
-- transactions that differ from the stored ones.
CREATE OR REPLACE TEMP TABLE cw_touched_sessions AS
WITH known AS (
    SELECT partition_dt, source_file, min(max_ingestion_time) AS known_until
    FROM gold_build.cw_fact_sources
    WHERE getvariable('cw_merge_sessions') AND kind = 'events' AND dt BETWEEN getvariable('cw_from') AND getvariable('cw_to')
    GROUP BY partition_dt, source_file
    HAVING count(DISTINCT dt) = least(partition_dt + 1, getvariable('cw_to')) - greatest(partition_dt - 1, getvariable('cw_from')) + 1
), stored AS (
    SELECT session_id, transaction_id, transaction_amount, transaction_count, transaction_currency, transaction_timestamp
    FROM gold_build.fact_sessions
    WHERE getvariable('cw_merge_sessions') AND session_date BETWEEN getvariable('cw_from') AND getvariable('cw_to')
)
SELECT e.session_id
FROM silver.events AS e
LEFT JOIN known AS k ON k.partition_dt = e.dt AND k.source_file = e.source_file
WHERE getvariable('cw_merge_sessions') AND e.dt BETWEEN getvariable('cw_from') - 1 AND getvariable('cw_to') + 1
    AND (k.source_file IS NULL OR k.known_until IS NULL OR e.ingestion_time > k.known_until)
UNION
SELECT coalesce(s.session_id, p.session_id)
FROM stored AS s
FULL JOIN (SELECT * FROM cw_session_payments WHERE getvariable('cw_merge_sessions')) AS p ON p.session_id = s.session_id
WHERE s.transaction_id IS DISTINCT FROM p.transaction_id OR s.transaction_amount IS DISTINCT FROM p.transaction_amount
    OR s.transaction_count IS DISTINCT FROM coalesce(p.transaction_count, 0) OR s.transaction_currency IS DISTINCT FROM p.transaction_currency
    OR s.transaction_timestamp IS DISTINCT FROM p.transaction_timestamp;

DELETE FROM gold_build.fact_sessions
WHERE session_date BETWEEN getvariable('cw_from') AND getvariable('cw_to')
    AND (NOT getvariable('cw_merge_sessions') OR session_id IN (SELECT session_id FROM cw_touched_sessions));

INSERT INTO gold_build.fact_sessions
WITH fast AS (
    -- Per session in one pass: the events' (event_time, event_type code) packed into a BIGINT (epoch µs × 8 + code)
    -- and sorted as numbers, and the attributes of the event with the least event_time. That equals the order by
    -- (event_time, event_id) when no two events of the session share an event_time; sessions where it may not (a tie,
    -- an event type or time outside the packing, a first event without user/device/country while a later one has it)
    -- go to the exact path below.
    SELECT session_id,
        min(event_time) AS session_start,
        max(event_time) AS session_end,
        count(*) AS total_events,
        count(user_id) AS users, count(device) AS devices, count(country) AS countries,
        arg_min({'user_id': user_id, 'device': device, 'country': country, 'utm_source': utm_source, 'utm_medium': utm_medium,
            'utm_campaign': utm_campaign, 'referrer': referrer}, event_time) AS first,
        list_sort(list(CASE WHEN event_time >= TIMESTAMPTZ '1900-01-01 00:00:00+00' AND event_time < TIMESTAMPTZ '2200-01-01 00:00:00+00'
            THEN epoch_us(event_time) * 8 + CASE event_type WHEN 'page_view' THEN 1 WHEN 'product_view' THEN 2 WHEN 'search' THEN 3
                WHEN 'add_to_cart' THEN 4 WHEN 'remove_from_cart' THEN 5 WHEN 'checkout_started' THEN 6 WHEN 'purchase' THEN 7 ELSE 0 END
            ELSE 0 END)) AS packed,
        count(*) FILTER (WHERE event_type = 'product_view') AS product_views,
        bool_or(event_type = 'add_to_cart') AS has_add_to_cart,
        bool_or(event_type = 'checkout_started') AS has_checkout,
        bool_or(event_type = 'purchase') AS has_purchase
    FROM silver.events
    WHERE dt BETWEEN getvariable('cw_from') - 1 AND getvariable('cw_to') + 1
        AND (NOT getvariable('cw_merge_sessions') OR session_id IN (SELECT session_id FROM cw_touched_sessions))
    GROUP BY session_id
    HAVING CAST(min(event_time) AS DATE) BETWEEN getvariable('cw_from') AND getvariable('cw_to')
), checked AS (
    SELECT *,
        list_bool_or(list_transform(packed, (x, i) -> x & 7 = 0 OR (i > 1 AND x >> 3 = packed[i - 1] >> 3)))
            OR (first.user_id IS NULL AND users > 0) OR (first.device IS NULL AND devices > 0) OR (first.country IS NULL AND countries > 0) AS exact
    FROM fast
), exact AS (
    -- The definition, for the sessions the fast path cannot decide: first values by (event_time, event_id).
    SELECT session_id,
        arg_min(user_id, {'t': event_time, 'i': event_id}) FILTER (WHERE user_id IS NOT NULL) AS user_id,
        list_transform(list_sort(list({'t': event_time, 'i': event_id, 'e': event_type})), x -> x.e) AS event_types,
        arg_min(device, {'t': event_time, 'i': event_id}) FILTER (WHERE device IS NOT NULL) AS device,
        arg_min(country, {'t': event_time, 'i': event_id}) FILTER (WHERE country IS NOT NULL) AS country,
        arg_min({'utm_source': utm_source, 'utm_medium': utm_medium, 'utm_campaign': utm_campaign, 'referrer': referrer},
            {'t': event_time, 'i': event_id}) AS entry
    FROM silver.events
    SEMI JOIN (SELECT session_id FROM checked WHERE exact) AS c USING (session_id)
    WHERE dt BETWEEN getvariable('cw_from') - 1 AND getvariable('cw_to') + 1
    GROUP BY session_id
), sessions AS (
    SELECT session_id, session_start, session_end, total_events, product_views, has_add_to_cart, has_checkout, has_purchase,
        first.user_id, list_transform(packed, p ->
            ['page_view', 'product_view', 'search', 'add_to_cart', 'remove_from_cart', 'checkout_started', 'purchase'][p & 7]) AS event_types,
        first.device, first.country, first.utm_source, first.utm_medium, first.utm_campaign, first.referrer
    FROM checked
    WHERE NOT exact
    UNION ALL
    SELECT c.session_id, c.session_start, c.session_end, c.total_events, c.product_views, c.has_add_to_cart, c.has_checkout, c.has_purchase,
        x.user_id, x.event_types, x.device, x.country, x.entry.utm_source, x.entry.utm_medium, x.entry.utm_campaign, x.entry.referrer
    FROM checked AS c
    JOIN exact AS x USING (session_id)
), entries AS (
    -- The channel of each distinct entry (few): the regular expressions and md5 run once per entry, not per session.
    SELECT utm_source, utm_medium, utm_campaign, referrer, referrer_class,
        cw_channel(utm_source, utm_medium, referrer_class) AS channel,
        cw_channel_key(utm_source, utm_medium, utm_campaign, referrer_class) AS channel_key
    FROM (SELECT DISTINCT utm_source, utm_medium, utm_campaign, referrer, cw_referrer_class(referrer) AS referrer_class
        FROM (SELECT DISTINCT utm_source, utm_medium, utm_campaign, referrer FROM sessions))
)
SELECT
    s.session_id, CAST(s.session_start AS DATE) AS session_date, cw_date_key(CAST(s.session_start AS DATE)) AS date_key,
    s.user_id, u.user_key, s.session_start, s.session_end,
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
    pt.built_at AS processing_timestamp,
    getvariable('cw_data_version') AS data_version
FROM sessions AS s
JOIN entries AS e ON e.utm_source IS NOT DISTINCT FROM s.utm_source AND e.utm_medium IS NOT DISTINCT FROM s.utm_medium
    AND e.utm_campaign IS NOT DISTINCT FROM s.utm_campaign AND e.referrer IS NOT DISTINCT FROM s.referrer
LEFT JOIN cw_session_payments AS t ON t.session_id = s.session_id
LEFT JOIN silver.partitions AS pt ON pt.kind = 'events' AND pt.dt = CAST(s.session_start AS DATE)
LEFT JOIN gold_build.dim_user AS u
    ON u.user_id = s.user_id AND u.effective_from <= s.session_start AND s.session_start < u.effective_to;
