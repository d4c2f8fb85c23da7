-- gold.top_products(from_date, to_date, n): a table macro: the n products with the highest revenue
-- (Σ line_revenue of completed order lines, gold.fact_sales) over order dates from_date..to_date, ranked
-- 1..n by revenue descending, then product_id. One row per product: rank, product_id, its current name and
-- category, revenue, units, orders. Reads the published gold views, so it follows their current versions.
CREATE OR REPLACE MACRO gold.top_products(from_date, to_date, n) AS TABLE
WITH sales AS (
    SELECT product_id, CAST(sum(line_revenue) AS DECIMAL(18, 2)) AS revenue, CAST(sum(quantity) AS BIGINT) AS units,
        count(DISTINCT order_id) AS orders
    FROM gold.fact_sales
    WHERE order_date BETWEEN CAST(from_date AS DATE) AND CAST(to_date AS DATE)
    GROUP BY product_id
), ranked AS (
    SELECT *, row_number() OVER (ORDER BY revenue DESC, product_id) AS rank FROM sales
)
SELECT r.rank, r.product_id, p.name, p.category, r.revenue, r.units, r.orders
FROM ranked AS r
LEFT JOIN gold.dim_product AS p ON p.product_id = r.product_id AND p.is_current
WHERE r.rank <= n
ORDER BY r.rank;
