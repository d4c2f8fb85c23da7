-- gold.cohort_retention: one row per cohort month × months since the cohort's month (0 = the cohort month itself)
-- up to the last month with completed orders. A user's cohort is the month of their first completed order
-- (gold.fact_sales); active_users = users of the cohort with at least one completed order in that month;
-- revenue = Σ line_revenue of their completed orders in that month; cohort_size = users of the cohort;
-- retention_rate = active_users / cohort_size (4 decimals).
CREATE OR REPLACE TABLE gold_build.cohort_retention AS
WITH activity AS (
    SELECT user_id, CAST(date_trunc('month', order_date) AS DATE) AS month, sum(line_revenue) AS revenue
    FROM gold_build.fact_sales
    GROUP BY ALL
), cohorts AS (
    SELECT user_id, min(month) AS cohort_month FROM activity GROUP BY user_id
), sizes AS (
    SELECT cohort_month, count(*) AS cohort_size FROM cohorts GROUP BY cohort_month
), grid AS (
    SELECT s.cohort_month, s.cohort_size, CAST(m.generate_series AS DATE) AS month
    FROM sizes AS s, (SELECT max(month) AS last_month FROM activity) AS l,
        generate_series(CAST(s.cohort_month AS TIMESTAMP), CAST(l.last_month AS TIMESTAMP), INTERVAL 1 MONTH) AS m
)
SELECT g.cohort_month,
    CAST(datediff('month', g.cohort_month, g.month) AS INTEGER) AS months_since_first,
    count(a.user_id) AS active_users,
    CAST(coalesce(sum(a.revenue), 0) AS DECIMAL(18, 2)) AS revenue,
    g.cohort_size,
    cw_rate(count(a.user_id), g.cohort_size) AS retention_rate
FROM grid AS g
LEFT JOIN cohorts AS c ON c.cohort_month = g.cohort_month
LEFT JOIN activity AS a ON a.user_id = c.user_id AND a.month = g.month
GROUP BY g.cohort_month, g.month, g.cohort_size
ORDER BY g.cohort_month, months_since_first;
