-- gold.fact_sessions, step 2 of 3, the reference path: each session to write, aggregated from its silver events
-- (one row per session_id whose first event's UTC date is in cw_from..cw_to; when merging, only the touched ones), with
-- the key of the dim_user version valid at its start and the built_at of its date's silver events partition, into
-- temp view cw_sessions for the INSERT of sql/gold/fact_sessions.sql. Warehouse/NativeGold computes the same rows in
-- C# from the silver events files where it can; this SQL is the definition and the fallback.
CREATE OR REPLACE TEMP VIEW cw_sessions AS
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
)
SELECT s.*, u.user_key, pt.built_at AS processing_timestamp
FROM sessions AS s
LEFT JOIN silver.partitions AS pt ON pt.kind = 'events' AND pt.dt = CAST(s.session_start AS DATE)
LEFT JOIN gold_build.dim_user AS u
    ON u.user_id = s.user_id AND u.effective_from <= s.session_start AND s.session_start < u.effective_to;
