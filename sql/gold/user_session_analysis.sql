-- gold.user_session_analysis: the design notes' session table, a projection of gold.fact_sessions (which
-- see for the definitions). One row per session (session_id) of silver events, dated by the UTC date
-- of its first event (session_date). Transactions of a session: seed004 transactions and native completed
-- orders (latest version; amount = order total) with its session_id, dated the session's date or the next
-- day. processing_timestamp is the built_at of the silver events partition of the session's date when the
-- session was last computed (stable across re-runs; an audit column).
-- Not a copy: a view of fact_sessions' columns, and each published version is the same view of the fact_sessions
-- version built with it (GoldBuilder.Projections, docs/decisions.md). Keep it a plain list of fact_sessions' columns
-- (no expressions, no filter): the publish projects these columns by name from fact_sessions' snapshot.
CREATE OR REPLACE VIEW gold_build.user_session_analysis AS
SELECT session_id, session_date, user_id, session_start, session_end, session_duration_seconds, total_events, event_types,
    first_event_type, last_event_type, transaction_id, transaction_amount, transaction_count, transaction_currency,
    transaction_timestamp, has_transaction, time_to_purchase_seconds, processing_timestamp, data_version
FROM gold_build.fact_sessions;
