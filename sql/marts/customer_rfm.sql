-- gold.customer_rfm: one row per customer with at least one completed order (gold.fact_sales), as of the last
-- date of the warehouse (max dim_date.date). recency_days = as_of − last order date; frequency = distinct
-- completed orders; monetary = Σ line_revenue. Scores are quintiles 1..5 (5 = best: most recent, most frequent,
-- highest spend) by ntile(5) over the customers, ties broken by user_id. Segment, first match wins:
-- champions (R≥4, F≥4, M≥4), loyal (R≥3, F≥4), new_customers (R≥4, F=1), potential_loyalists (R≥4),
-- cant_lose_them (R=1, F≥4), at_risk (R≤2, F≥3), hibernating (R≤2, F≤2), need_attention (the rest).
CREATE OR REPLACE TABLE gold_build.customer_rfm AS
WITH as_of AS (
    SELECT max(date) AS as_of_date FROM gold_build.dim_date
), customers AS (
    SELECT user_id, max(order_date) AS last_order_date, count(DISTINCT order_id) AS frequency,
        CAST(sum(line_revenue) AS DECIMAL(18, 2)) AS monetary
    FROM gold_build.fact_sales
    WHERE user_id IS NOT NULL
    GROUP BY user_id
), scored AS (
    SELECT c.*, a.as_of_date, CAST(datediff('day', c.last_order_date, a.as_of_date) AS INTEGER) AS recency_days,
        CAST(ntile(5) OVER (ORDER BY datediff('day', c.last_order_date, a.as_of_date) DESC, c.user_id) AS INTEGER) AS r_score,
        CAST(ntile(5) OVER (ORDER BY c.frequency, c.user_id) AS INTEGER) AS f_score,
        CAST(ntile(5) OVER (ORDER BY c.monetary, c.user_id) AS INTEGER) AS m_score
    FROM customers AS c, as_of AS a
)
SELECT user_id, as_of_date, last_order_date, recency_days, frequency, monetary, r_score, f_score, m_score,
    r_score || '' || f_score || '' || m_score AS rfm_cell,
    CASE
        WHEN r_score >= 4 AND f_score >= 4 AND m_score >= 4 THEN 'champions'
        WHEN r_score >= 3 AND f_score >= 4 THEN 'loyal'
        WHEN r_score >= 4 AND frequency = 1 THEN 'new_customers'
        WHEN r_score >= 4 THEN 'potential_loyalists'
        WHEN r_score = 1 AND f_score >= 4 THEN 'cant_lose_them'
        WHEN r_score <= 2 AND f_score >= 3 THEN 'at_risk'
        WHEN r_score <= 2 AND f_score <= 2 THEN 'hibernating'
        ELSE 'need_attention'
    END AS segment
FROM scored
ORDER BY user_id;
