-- Report funnel: one row per step with the sessions of the report period (gold.funnel_daily, summed over its days)
-- that reached it, and the share of all sessions.
WITH f AS (
    SELECT sum(sessions) AS s0, sum(sessions_with_product_view) AS s1, sum(sessions_with_add_to_cart) AS s2,
        sum(sessions_with_checkout) AS s3, sum(sessions_with_purchase) AS s4
    FROM gold.funnel_daily
    WHERE date BETWEEN getvariable('cw_start') AND getvariable('cw_end')
)
SELECT step, CAST(coalesce(sessions, 0) AS BIGINT) AS sessions, round(coalesce(sessions, 0) / nullif(s0, 0), 4) AS share
FROM f, (VALUES (1, 'sessions'), (2, 'product_view'), (3, 'add_to_cart'), (4, 'checkout'), (5, 'purchase')) AS v(position, step),
    LATERAL (SELECT CASE position WHEN 1 THEN s0 WHEN 2 THEN s1 WHEN 3 THEN s2 WHEN 4 THEN s3 ELSE s4 END AS sessions)
ORDER BY position;
