-- gold.customer_value: one row per cohort month × tier (and 'all' × 'all', cohort 'all' × tier, cohort × 'all'
-- rollups: cohort_month NULL means all cohorts, tier 'all' all tiers) over gold.customer_ltv.
-- customers; orders; revenue = Σ historical_ltv; historical_ltv = revenue / customers; aov = revenue / orders;
-- purchase_frequency = orders / customers; repeat_purchase_rate = repeat customers / customers; churn_rate =
-- churned customers / customers; expected_lifespan = 1 / churn_rate (customers / churned customers, in observed
-- histories) capped at getvariable('cw_max_lifespan'), which is also its value when nobody churned;
-- projected_ltv = aov × purchase_frequency × expected_lifespan.
CREATE OR REPLACE TABLE gold_build.customer_value AS
WITH grouped AS (
    SELECT cohort_month, CASE WHEN GROUPING(tier) = 1 THEN 'all' ELSE tier END AS tier,
        count(*) AS customers, sum(orders) AS orders, CAST(sum(historical_ltv) AS DECIMAL(18, 2)) AS revenue,
        count(*) FILTER (WHERE is_repeat) AS repeat_customers, count(*) FILTER (WHERE is_churned) AS churned_customers
    FROM gold_build.customer_ltv
    GROUP BY GROUPING SETS ((cohort_month, tier), (cohort_month), (tier), ())
), rated AS (
    SELECT *, cw_round_div(revenue, customers) AS historical_ltv, cw_round_div(revenue, orders) AS aov,
        CAST(round(orders / customers, 4) AS DECIMAL(18, 4)) AS purchase_frequency,
        cw_rate(repeat_customers, customers) AS repeat_purchase_rate,
        cw_rate(churned_customers, customers) AS churn_rate,
        CAST(CASE WHEN churned_customers = 0 THEN getvariable('cw_max_lifespan')
            ELSE least(customers / churned_customers, getvariable('cw_max_lifespan')) END AS DECIMAL(18, 4)) AS expected_lifespan
    FROM grouped
)
SELECT cohort_month, tier, customers, orders, revenue, repeat_customers, churned_customers, historical_ltv, aov,
    purchase_frequency, repeat_purchase_rate, churn_rate, expected_lifespan,
    CAST(round(aov * purchase_frequency * expected_lifespan, 2) AS DECIMAL(18, 2)) AS projected_ltv
FROM rated
ORDER BY cohort_month NULLS LAST, tier;
