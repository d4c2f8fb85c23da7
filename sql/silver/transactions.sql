-- Silver transactions (seed004 payments), staged: one row per bronze transaction of a partition (input
-- relation silver_input), typed, with _reason/_detail when rejected and _dup_rank (1 = the first copy of
-- a transaction_id by ingestion order) when accepted. A silver transactions row is one distinct payment.
WITH parsed AS (
    SELECT json_transform(payload, '{"transaction_id":"VARCHAR","session_id":"VARCHAR","user_id":"VARCHAR","amount":"VARCHAR",
        "currency":"VARCHAR","transaction_timestamp":"VARCHAR"}') AS j,
        ingestion_time, source_file, line_number, dt, raw, payload
    FROM silver_input
), typed AS (
    SELECT
        cw_text(j.transaction_id) AS transaction_id,
        cw_text(j.session_id) AS session_id,
        cw_text(j.user_id) AS user_id,
        TRY_CAST(j.amount AS DECIMAL(18, 2)) AS amount,
        cw_text(j.currency) AS currency,
        TRY_CAST(j.transaction_timestamp AS TIMESTAMPTZ) AS transaction_timestamp,
        j AS text, ingestion_time, source_file, line_number, dt, raw, payload
    FROM parsed
), checked AS (
    SELECT *, CASE
        WHEN transaction_id IS NULL THEN cw_error('missing_key', 'transaction_id')
        WHEN cw_text(text.amount) IS NULL THEN cw_error('missing_key', 'amount')
        WHEN cw_text(text.transaction_timestamp) IS NULL THEN cw_error('missing_key', 'transaction_timestamp')
        WHEN amount IS NULL THEN cw_error('invalid_type', 'amount')
        WHEN transaction_timestamp IS NULL THEN cw_error('invalid_type', 'transaction_timestamp')
        WHEN amount < 0 THEN cw_error('invalid_value', 'amount')
        WHEN cw_implausible(transaction_timestamp, ingestion_time) THEN cw_error('invalid_value', 'transaction_timestamp')
    END AS _err
    FROM typed
)
SELECT
    transaction_id, session_id, user_id, amount, currency, transaction_timestamp, ingestion_time, source_file, line_number, dt,
    _err.reason AS _reason, _err.detail AS _detail,
    -- Set by SilverBuilder.Rank after staging: the window over the narrow key columns only (see the header).
    CAST(NULL AS BIGINT) AS _dup_rank,
    CASE WHEN _err IS NOT NULL THEN coalesce(raw, payload) END AS _raw
FROM checked
