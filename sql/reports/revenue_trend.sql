-- Report revenue trend: one row per day from the previous period's start to the report period's end, with revenue
-- and orders of that day (gold.sales_summary, grain day, dimension 'all'; 0 when there were no sales).
SELECT CAST(d.generate_series AS DATE) AS date, coalesce(s.revenue, 0) AS revenue, coalesce(s.orders, 0) AS orders,
    CAST(d.generate_series AS DATE) >= getvariable('cw_start') AS in_period
FROM generate_series(CAST(getvariable('cw_prev_start') AS TIMESTAMP), CAST(getvariable('cw_end') AS TIMESTAMP), INTERVAL 1 DAY) AS d
LEFT JOIN gold.sales_summary AS s
    ON s.grain = 'day' AND s.dimension = 'all' AND s.period_start = CAST(d.generate_series AS DATE)
ORDER BY date;
