-- gold.fact_sessions, step 1 of 3 (sql/gold/fact_sessions.sql says what a row means): the table, each session's
-- transactions (cw_session_payments) and, when merging, the sessions to recompute (cw_touched_sessions).
-- cw_from: the gold version whose build inserted the row (the versions of the table are views, Warehouse/GoldSessionsStore;
-- its ended rows: sql/gold/_fact_sessions_ended.sql).
CREATE TABLE IF NOT EXISTS gold_build.fact_sessions (
    session_id VARCHAR, session_date DATE, date_key INTEGER, user_id VARCHAR, user_key BIGINT, session_start TIMESTAMPTZ,
    session_end TIMESTAMPTZ, session_duration_seconds DOUBLE, total_events BIGINT, event_types VARCHAR[], first_event_type VARCHAR,
    last_event_type VARCHAR, device VARCHAR, country VARCHAR, utm_source VARCHAR, utm_medium VARCHAR, utm_campaign VARCHAR,
    referrer VARCHAR, referrer_class VARCHAR, channel VARCHAR, channel_key BIGINT, product_views BIGINT,
    has_product_view BOOLEAN, has_add_to_cart BOOLEAN, has_checkout BOOLEAN, has_purchase BOOLEAN,
    transaction_id VARCHAR, transaction_amount DECIMAL(18, 2), transaction_count BIGINT, transaction_currency VARCHAR,
    transaction_timestamp TIMESTAMPTZ, has_transaction BOOLEAN, time_to_purchase_seconds DOUBLE,
    processing_timestamp TIMESTAMPTZ, data_version VARCHAR, cw_from BIGINT
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

