-- gold.user_session_analysis: one row per session (session_id) of silver events, dated by the UTC date
-- of its first event (session_date). Transactions of a session: seed004 transactions and native completed
-- orders (latest version; amount = order total) with its session_id, dated the session's date or the next
-- day. processing_timestamp is the built_at of the silver events partition of the session's date (stable
-- across re-runs; an audit column). Replaced for session dates getvariable('cw_from')..('cw_to'); events are
-- read from the day before (to find a session's true start) to the day after (sessions crossing midnight).
CREATE TABLE IF NOT EXISTS gold.user_session_analysis (
    session_id VARCHAR, session_date DATE, user_id VARCHAR, session_start TIMESTAMPTZ, session_end TIMESTAMPTZ,
    session_duration_seconds DOUBLE, total_events BIGINT, event_types VARCHAR[], first_event_type VARCHAR,
    last_event_type VARCHAR, transaction_id VARCHAR, transaction_amount DECIMAL(18, 2), transaction_count BIGINT,
    transaction_currency VARCHAR, transaction_timestamp TIMESTAMPTZ, has_transaction BOOLEAN,
    time_to_purchase_seconds DOUBLE, processing_timestamp TIMESTAMPTZ, data_version VARCHAR
);

DELETE FROM gold.user_session_analysis WHERE session_date BETWEEN getvariable('cw_from') AND getvariable('cw_to');

INSERT INTO gold.user_session_analysis
WITH sessions AS (
    SELECT session_id,
        first(user_id ORDER BY event_time, event_id) FILTER (WHERE user_id IS NOT NULL) AS user_id,
        min(event_time) AS session_start,
        max(event_time) AS session_end,
        count(*) AS total_events,
        list(event_type ORDER BY event_time, event_id) AS event_types
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
)
SELECT
    s.session_id, CAST(s.session_start AS DATE) AS session_date, s.user_id, s.session_start, s.session_end,
    epoch(s.session_end - s.session_start) AS session_duration_seconds,
    s.total_events, s.event_types, s.event_types[1] AS first_event_type, s.event_types[-1] AS last_event_type,
    t.transaction_id, t.transaction_amount, coalesce(t.transaction_count, 0) AS transaction_count,
    t.transaction_currency, t.transaction_timestamp, t.session_id IS NOT NULL AS has_transaction,
    epoch(t.transaction_timestamp - s.session_start) AS time_to_purchase_seconds,
    pt.built_at AS processing_timestamp,
    getvariable('cw_data_version') AS data_version
FROM sessions AS s
LEFT JOIN session_payments AS t ON t.session_id = s.session_id
LEFT JOIN silver.partitions AS pt ON pt.kind = 'events' AND pt.dt = CAST(s.session_start AS DATE)
ORDER BY s.session_id;
