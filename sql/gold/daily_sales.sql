-- gold.daily_sales: one row per order date, product and category (the product version's category at
-- order time) with total_revenue = sum of line_revenue, num_transactions = distinct orders,
-- unique_customers = distinct users and avg_order_value = total_revenue / num_transactions rounded to
-- cents (half away from zero), from gold.fact_sales. Replaced for getvariable('cw_from')..('cw_to').
CREATE TABLE IF NOT EXISTS gold_build.daily_sales (
    date DATE, product_id VARCHAR, category VARCHAR, total_revenue DECIMAL(18, 2), num_transactions BIGINT,
    unique_customers BIGINT, avg_order_value DECIMAL(18, 2)
);

DELETE FROM gold_build.daily_sales WHERE date BETWEEN getvariable('cw_from') AND getvariable('cw_to');

INSERT INTO gold_build.daily_sales
WITH grouped AS (
    SELECT f.order_date AS date, f.product_id, p.category,
        CAST(sum(f.line_revenue) AS DECIMAL(18, 2)) AS total_revenue,
        count(DISTINCT f.order_id) AS num_transactions,
        count(DISTINCT f.user_id) AS unique_customers
    FROM gold_build.fact_sales AS f
    LEFT JOIN gold_build.dim_product AS p ON p.product_key = f.product_key
    WHERE f.order_date BETWEEN getvariable('cw_from') AND getvariable('cw_to')
    GROUP BY ALL
)
SELECT date, product_id, category, total_revenue, num_transactions, unique_customers,
    -- Exact decimal rounding in integer cents: round(c / n) = sign(c) * ((2|c| + n) // 2n).
    CAST(CAST(sign(CAST(total_revenue * 100 AS BIGINT))
        * ((2 * abs(CAST(total_revenue * 100 AS BIGINT)) + num_transactions) // (2 * num_transactions)) AS DECIMAL(18, 0)) * 0.01
        AS DECIMAL(18, 2)) AS avg_order_value
FROM grouped
ORDER BY date, product_id;
