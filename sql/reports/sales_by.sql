-- Report sales by one dimension (getvariable('cw_dimension'): product, category, country or channel) in the report
-- period: the gold.sales_summary rows of that period, the 10 with the highest revenue (then by value).
SELECT s.dimension_value AS value, s.revenue, s.orders, s.units, s.customers, s.avg_order_value
FROM gold.sales_summary AS s
WHERE s.grain = getvariable('cw_grain') AND s.period_start = getvariable('cw_start') AND s.dimension = getvariable('cw_dimension')
ORDER BY s.revenue DESC, s.dimension_value
LIMIT 10;
