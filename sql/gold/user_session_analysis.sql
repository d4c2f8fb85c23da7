-- gold.user_session_analysis: the design notes' session table, a projection of gold.fact_sessions (which
-- see for the definitions). One row per session (session_id) of silver events, dated by the UTC date
-- of its first event (session_date). Transactions of a session: seed004 transactions and native completed
-- orders (latest version; amount = order total) with its session_id, dated the session's date or the next
-- day. processing_timestamp is the built_at of the silver events partition of the session's date when the
-- session was last computed (stable across re-runs; an audit column). Replaced for session dates
-- getvariable('cw_from')..('cw_to'); events are read from the day before (to find a session's true start) to the day after (sessions crossing midnight). When
-- getvariable('cw_merge_sessions'), only the sessions fact_sessions recomputed (cw_touched_sessions) are replaced.
CREATE TABLE IF NOT EXISTS gold_build.user_session_analysis (
    session_id VARCHAR, session_date DATE, user_id VARCHAR, session_start TIMESTAMPTZ, session_end TIMESTAMPTZ,
    session_duration_seconds DOUBLE, total_events BIGINT, event_types VARCHAR[], first_event_type VARCHAR,
    last_event_type VARCHAR, transaction_id VARCHAR, transaction_amount DECIMAL(18, 2), transaction_count BIGINT,
    transaction_currency VARCHAR, transaction_timestamp TIMESTAMPTZ, has_transaction BOOLEAN,
    time_to_purchase_seconds DOUBLE, processing_timestamp TIMESTAMPTZ, data_version VARCHAR
);

DELETE FROM gold_build.user_session_analysis
WHERE session_date BETWEEN getvariable('cw_from') AND getvariable('cw_to')
    AND (NOT getvariable('cw_merge_sessions') OR session_id IN (SELECT session_id FROM cw_touched_sessions));

INSERT INTO gold_build.user_session_analysis
SELECT session_id, session_date, user_id, session_start, session_end, session_duration_seconds, total_events, event_types,
    first_event_type, last_event_type, transaction_id, transaction_amount, transaction_count, transaction_currency,
    transaction_timestamp, has_transaction, time_to_purchase_seconds, processing_timestamp, data_version
FROM gold_build.fact_sessions
WHERE session_date BETWEEN getvariable('cw_from') AND getvariable('cw_to')
    AND (NOT getvariable('cw_merge_sessions') OR session_id IN (SELECT session_id FROM cw_touched_sessions));
