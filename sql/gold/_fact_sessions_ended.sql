-- gold.fact_sessions' ended rows: the rows a build deleted while an earlier version saw them, valid from version
-- cw_from to before cw_to (sql/gold/fact_sessions.sql moves them here; Warehouse/GoldSessionsStore publishes each
-- version as a view of them and of the builder's rows). Created after the builder's table, with its columns.
CREATE TABLE IF NOT EXISTS gold_v.fact_sessions__ended AS
SELECT *, CAST(NULL AS BIGINT) AS cw_to FROM gold_build.fact_sessions WITH NO DATA;
