-- Report KPIs: one row per metric with its value in the report period (getvariable('cw_start')..('cw_end'), grain
-- getvariable('cw_grain')) and in the previous period (cw_prev_start..cw_prev_end). Sales come from gold.sales_summary
-- (dimension 'all'), sessions from gold.funnel_daily, refunds from gold.fact_refunds (by refund date).
WITH sales AS (
    SELECT period_start, revenue, orders, customers, units, avg_order_value, total_amount
    FROM gold.sales_summary
    WHERE grain = getvariable('cw_grain') AND dimension = 'all' AND period_start IN (getvariable('cw_start'), getvariable('cw_prev_start'))
), funnel AS (
    SELECT date >= getvariable('cw_start') AS is_current, sum(sessions) AS sessions, sum(sessions_with_purchase) AS purchases,
        sum(sessions_with_add_to_cart) AS carts, sum(sessions_abandoning_cart) AS abandoned
    FROM gold.funnel_daily
    WHERE date BETWEEN getvariable('cw_prev_start') AND getvariable('cw_end')
    GROUP BY ALL
), refunds AS (
    SELECT refund_date >= getvariable('cw_start') AS is_current, count(*) AS refunds, sum(refund_amount) AS refund_amount
    FROM gold.fact_refunds
    WHERE refund_date BETWEEN getvariable('cw_prev_start') AND getvariable('cw_end')
    GROUP BY ALL
), metrics AS (
    SELECT 1 AS position, 'Revenue' AS metric, 'money' AS unit,
        (SELECT CAST(revenue AS DOUBLE) FROM sales WHERE period_start = getvariable('cw_start')) AS value,
        (SELECT CAST(revenue AS DOUBLE) FROM sales WHERE period_start = getvariable('cw_prev_start')) AS previous
    UNION ALL SELECT 2, 'Orders', 'count', (SELECT orders FROM sales WHERE period_start = getvariable('cw_start')),
        (SELECT orders FROM sales WHERE period_start = getvariable('cw_prev_start'))
    UNION ALL SELECT 3, 'Customers', 'count', (SELECT customers FROM sales WHERE period_start = getvariable('cw_start')),
        (SELECT customers FROM sales WHERE period_start = getvariable('cw_prev_start'))
    UNION ALL SELECT 4, 'Average order value', 'money', (SELECT CAST(avg_order_value AS DOUBLE) FROM sales WHERE period_start = getvariable('cw_start')),
        (SELECT CAST(avg_order_value AS DOUBLE) FROM sales WHERE period_start = getvariable('cw_prev_start'))
    UNION ALL SELECT 5, 'Units sold', 'count', (SELECT units FROM sales WHERE period_start = getvariable('cw_start')),
        (SELECT units FROM sales WHERE period_start = getvariable('cw_prev_start'))
    UNION ALL SELECT 6, 'Sessions', 'count', (SELECT sessions FROM funnel WHERE is_current), (SELECT sessions FROM funnel WHERE NOT is_current)
    UNION ALL SELECT 7, 'Conversion rate', 'percent', (SELECT round(purchases / sessions, 4) FROM funnel WHERE is_current),
        (SELECT round(purchases / sessions, 4) FROM funnel WHERE NOT is_current)
    UNION ALL SELECT 8, 'Cart abandonment', 'percent', (SELECT round(abandoned / nullif(carts, 0), 4) FROM funnel WHERE is_current),
        (SELECT round(abandoned / nullif(carts, 0), 4) FROM funnel WHERE NOT is_current)
    UNION ALL SELECT 9, 'Refunds', 'money', (SELECT CAST(refund_amount AS DOUBLE) FROM refunds WHERE is_current),
        (SELECT CAST(refund_amount AS DOUBLE) FROM refunds WHERE NOT is_current)
)
SELECT metric, unit, coalesce(value, 0) AS value, coalesce(previous, 0) AS previous,
    CASE WHEN coalesce(previous, 0) = 0 THEN NULL ELSE round((coalesce(value, 0) - previous) / abs(previous), 4) END AS change
FROM metrics
ORDER BY position;
