-- gold.channel_attribution: one row per order date × channel: revenue of completed orders (Σ line_revenue of
-- gold.fact_sales) credited to the channels (gold.fact_sessions.channel) of the order's touches = the sessions of
-- the same user, or the order's own session, that started in [created_at − getvariable('cw_attribution_days')
-- days, created_at], ordered by session_start then session_id. first_touch: all to the first touch; last_touch:
-- all to the last; linear: an equal share per touch in cents (floor), the remainder on the last touch, so every
-- model sums to the order's revenue exactly. An order without touches is credited to 'unknown'. *_orders count
-- the orders credited (linear: the fraction 1/touches, 6 decimals).
CREATE OR REPLACE TABLE gold_build.channel_attribution AS
WITH orders AS (
    SELECT order_id, any_value(user_id) AS user_id, any_value(session_id) AS session_id, any_value(created_at) AS created_at,
        any_value(order_date) AS order_date, CAST(sum(line_revenue) * 100 AS BIGINT) AS revenue_cents
    FROM gold_build.fact_sales
    GROUP BY order_id
), candidates AS (
    SELECT o.order_id, s.session_id, s.session_start, s.channel
    FROM orders AS o JOIN gold_build.fact_sessions AS s ON s.user_id = o.user_id
        AND s.session_start BETWEEN o.created_at - to_days(CAST(getvariable('cw_attribution_days') AS INTEGER)) AND o.created_at
    UNION
    SELECT o.order_id, s.session_id, s.session_start, s.channel
    FROM orders AS o JOIN gold_build.fact_sessions AS s ON s.session_id = o.session_id
        AND s.session_start BETWEEN o.created_at - to_days(CAST(getvariable('cw_attribution_days') AS INTEGER)) AND o.created_at
), touches AS (
    SELECT o.order_id, o.order_date, o.revenue_cents, coalesce(c.channel, 'unknown') AS channel,
        row_number() OVER (PARTITION BY o.order_id ORDER BY c.session_start, c.session_id) AS position,
        count(*) OVER (PARTITION BY o.order_id) AS touch_count
    FROM orders AS o LEFT JOIN candidates AS c ON c.order_id = o.order_id
), credited AS (
    SELECT order_date, channel,
        CASE WHEN position = 1 THEN revenue_cents ELSE 0 END AS first_cents,
        CASE WHEN position = touch_count THEN revenue_cents ELSE 0 END AS last_cents,
        CASE WHEN position = touch_count THEN revenue_cents - (touch_count - 1) * (revenue_cents // touch_count)
            ELSE revenue_cents // touch_count END AS linear_cents,
        CASE WHEN position = 1 THEN 1 ELSE 0 END AS first_order,
        CASE WHEN position = touch_count THEN 1 ELSE 0 END AS last_order,
        1.0 / touch_count AS linear_order
    FROM touches
)
SELECT order_date, channel,
    CAST(CAST(sum(first_cents) AS DECIMAL(18, 0)) * 0.01 AS DECIMAL(18, 2)) AS first_touch_revenue,
    CAST(CAST(sum(last_cents) AS DECIMAL(18, 0)) * 0.01 AS DECIMAL(18, 2)) AS last_touch_revenue,
    CAST(CAST(sum(linear_cents) AS DECIMAL(18, 0)) * 0.01 AS DECIMAL(18, 2)) AS linear_revenue,
    CAST(sum(first_order) AS BIGINT) AS first_touch_orders,
    CAST(sum(last_order) AS BIGINT) AS last_touch_orders,
    CAST(round(sum(linear_order), 6) AS DECIMAL(18, 6)) AS linear_orders
FROM credited
GROUP BY order_date, channel
ORDER BY order_date, channel;
