-- gold.fact_sessions: one row per session (session_id) of silver events, dated by the UTC date of its first
-- event (session_date). Attributes of the session's first event (by event_time, event_id): utm source/medium/
-- campaign, referrer and its class, hence the channel (dim_channel); device and country are the first non-null
-- ones. has_<step> is true when the session has at least one event of that type. Transactions: seed004
-- transactions and native completed orders (latest version; amount = order total) with its session_id, dated
-- the session's date or the next day. user_key is the dim_user version valid at session_start. processing_timestamp
-- is the built_at of the silver events partition of the session's date (an audit column). Replaced for session
-- dates getvariable('cw_from')..('cw_to'); events are read from the day before to the day after.
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

DELETE FROM gold_build.fact_sessions WHERE session_date BETWEEN getvariable('cw_from') AND getvariable('cw_to');

INSERT INTO gold_build.fact_sessions
WITH sessions AS (
    -- One sort per session of its (event_time, event_id, event_type) triples instead of an ordered aggregate per
    -- column; the first values are arg_min over the same (event_time, event_id) order (event_id is unique in silver).
    SELECT session_id,
        arg_min(user_id, {'t': event_time, 'i': event_id}) FILTER (WHERE user_id IS NOT NULL) AS user_id,
        min(event_time) AS session_start,
        max(event_time) AS session_end,
        count(*) AS total_events,
        list_transform(list_sort(list({'t': event_time, 'i': event_id, 'e': event_type})), x -> x.e) AS event_types,
        arg_min(device, {'t': event_time, 'i': event_id}) FILTER (WHERE device IS NOT NULL) AS device,
        arg_min(country, {'t': event_time, 'i': event_id}) FILTER (WHERE country IS NOT NULL) AS country,
        arg_min({'utm_source': utm_source, 'utm_medium': utm_medium, 'utm_campaign': utm_campaign, 'referrer': referrer},
            {'t': event_time, 'i': event_id}) AS entry,
        count(*) FILTER (WHERE event_type = 'product_view') AS product_views,
        bool_or(event_type = 'add_to_cart') AS has_add_to_cart,
        bool_or(event_type = 'checkout_started') AS has_checkout,
        bool_or(event_type = 'purchase') AS has_purchase
    FROM silver.events
    WHERE dt BETWEEN getvariable('cw_from') - 1 AND getvariable('cw_to') + 1
    GROUP BY session_id
    HAVING CAST(min(event_time) AS DATE) BETWEEN getvariable('cw_from') AND getvariable('cw_to')
), payments AS (
    SELECT transaction_id, session_id, amount, currency, transaction_timestamp
    FROM silver.transactions
    WHERE dt BETWEEN getvariable('cw_from') AND getvariable('cw_to') + 1 AND session_id IS NOT NULL
    UNION ALL
    SELECT order_id, session_id, order_total, currency, created_at
    FROM silver.orders
    WHERE dt BETWEEN getvariable('cw_from') AND getvariable('cw_to') + 1 AND status = 'completed' AND session_id IS NOT NULL
), session_payments AS (
    SELECT p.session_id,
        first(p.transaction_id ORDER BY p.transaction_timestamp, p.transaction_id) AS transaction_id,
        CAST(sum(p.amount) AS DECIMAL(18, 2)) AS transaction_amount,
        count(*) AS transaction_count,
        first(p.currency ORDER BY p.transaction_timestamp, p.transaction_id) AS transaction_currency,
        min(p.transaction_timestamp) AS transaction_timestamp
    FROM payments AS p
    SEMI JOIN sessions AS s ON s.session_id = p.session_id
    GROUP BY p.session_id
), classified AS (
    SELECT *, cw_referrer_class(entry.referrer) AS referrer_class FROM sessions
)
SELECT
    s.session_id, CAST(s.session_start AS DATE) AS session_date, cw_date_key(CAST(s.session_start AS DATE)) AS date_key,
    s.user_id, u.user_key, s.session_start, s.session_end,
    epoch(s.session_end - s.session_start) AS session_duration_seconds,
    s.total_events, s.event_types, s.event_types[1] AS first_event_type, s.event_types[-1] AS last_event_type,
    s.device, s.country, s.entry.utm_source, s.entry.utm_medium, s.entry.utm_campaign, s.entry.referrer, s.referrer_class,
    cw_channel(s.entry.utm_source, s.entry.utm_medium, s.referrer_class) AS channel,
    cw_channel_key(s.entry.utm_source, s.entry.utm_medium, s.entry.utm_campaign, s.referrer_class) AS channel_key,
    s.product_views, s.product_views > 0 AS has_product_view, s.has_add_to_cart, s.has_checkout, s.has_purchase,
    t.transaction_id, t.transaction_amount, coalesce(t.transaction_count, 0) AS transaction_count,
    t.transaction_currency, t.transaction_timestamp, t.session_id IS NOT NULL AS has_transaction,
    epoch(t.transaction_timestamp - s.session_start) AS time_to_purchase_seconds,
    pt.built_at AS processing_timestamp,
    getvariable('cw_data_version') AS data_version
FROM classified AS s
LEFT JOIN session_payments AS t ON t.session_id = s.session_id
LEFT JOIN silver.partitions AS pt ON pt.kind = 'events' AND pt.dt = CAST(s.session_start AS DATE)
LEFT JOIN gold_build.dim_user AS u
    ON u.user_id = s.user_id AND u.effective_from <= s.session_start AND s.session_start < u.effective_to
ORDER BY s.session_id;
