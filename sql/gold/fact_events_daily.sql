-- gold.fact_events_daily: clickstream at (event date × product × event type) grain: events = silver click
-- events (deduplicated) of that UTC date, product (NULL for events without one, e.g. page_view) and type;
-- sessions and users = distinct session_ids and non-null user_ids among them. product_key is the dim_product
-- version valid at the last such event of the day. Replaced for event dates getvariable('cw_from')..('cw_to').
CREATE TABLE IF NOT EXISTS gold_build.fact_events_daily (
    event_date DATE, date_key INTEGER, product_id VARCHAR, product_key BIGINT, event_type VARCHAR,
    events BIGINT, sessions BIGINT, users BIGINT, first_event_time TIMESTAMPTZ, last_event_time TIMESTAMPTZ
);

DELETE FROM gold_build.fact_events_daily WHERE event_date BETWEEN getvariable('cw_from') AND getvariable('cw_to');

INSERT INTO gold_build.fact_events_daily
WITH grouped AS (
    SELECT CAST(event_time AS DATE) AS event_date, product_id, event_type,
        count(*) AS events, count(DISTINCT session_id) AS sessions, count(DISTINCT user_id) AS users,
        min(event_time) AS first_event_time, max(event_time) AS last_event_time
    FROM silver.events
    WHERE dt BETWEEN getvariable('cw_from') AND getvariable('cw_to')
    GROUP BY ALL
)
SELECT g.event_date, cw_date_key(g.event_date) AS date_key, g.product_id, p.product_key, g.event_type,
    g.events, g.sessions, g.users, g.first_event_time, g.last_event_time
FROM grouped AS g
LEFT JOIN gold_build.dim_product AS p
    ON p.product_id = g.product_id AND p.effective_from <= g.last_event_time AND g.last_event_time < p.effective_to
ORDER BY g.event_date, g.product_id NULLS FIRST, g.event_type;
