-- gold.customer_ltv: one row per customer with at least one completed order (gold.fact_sales), as of the last
-- date of the warehouse (max dim_date.date). cohort_month = month of the first completed order; tier = the
-- current dim_user tier; orders = distinct completed orders; historical_ltv = Σ line_revenue; aov =
-- historical_ltv / orders (cents, half away from zero); is_repeat = orders ≥ 2; is_churned = no completed order
-- in the last getvariable('cw_churn_days') days (as_of − last order date > churn days).
CREATE OR REPLACE TABLE gold_build.customer_ltv AS
WITH as_of AS (
    SELECT max(date) AS as_of_date FROM gold_build.dim_date
), customers AS (
    SELECT user_id, min(order_date) AS first_order_date, max(order_date) AS last_order_date,
        count(DISTINCT order_id) AS orders, CAST(sum(line_revenue) AS DECIMAL(18, 2)) AS historical_ltv
    FROM gold_build.fact_sales
    WHERE user_id IS NOT NULL
    GROUP BY user_id
)
SELECT c.user_id, CAST(date_trunc('month', c.first_order_date) AS DATE) AS cohort_month, coalesce(u.tier, 'unknown') AS tier,
    c.first_order_date, c.last_order_date, c.orders, c.historical_ltv, cw_round_div(c.historical_ltv, c.orders) AS aov,
    c.orders >= 2 AS is_repeat,
    CAST(datediff('day', c.last_order_date, a.as_of_date) AS INTEGER) AS days_since_last_order,
    datediff('day', c.last_order_date, a.as_of_date) > getvariable('cw_churn_days') AS is_churned,
    a.as_of_date
FROM customers AS c
CROSS JOIN as_of AS a
LEFT JOIN gold_build.dim_user AS u ON u.user_id = c.user_id AND u.is_current
ORDER BY c.user_id;
