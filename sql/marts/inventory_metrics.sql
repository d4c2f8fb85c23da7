-- gold.inventory_metrics: one row per product over the whole history of gold.fact_inventory_daily (stock summed
-- over warehouses per day). days = days with stock data; avg_on_hand = mean daily closing stock; closing_on_hand
-- = the last day's stock; units_sold = Σ units_sold; turnover = units_sold / avg_on_hand; avg_daily_units_sold =
-- units_sold / days; days_of_cover = closing_on_hand / avg_daily_units_sold (NULL without sales);
-- stock_out_days = days whose total closing stock is 0; ratios rounded to 4 decimals.
CREATE OR REPLACE TABLE gold_build.inventory_metrics AS
WITH daily AS (
    SELECT product_id, date, sum(closing_on_hand) AS on_hand, sum(units_sold) AS units_sold
    FROM gold_build.fact_inventory_daily
    GROUP BY ALL
), products AS (
    SELECT product_id, count(*) AS days, min(date) AS first_date, max(date) AS last_date,
        avg(on_hand) AS avg_on_hand, arg_max(on_hand, date) AS closing_on_hand,
        CAST(sum(units_sold) AS BIGINT) AS units_sold, count(*) FILTER (WHERE on_hand = 0) AS stock_out_days
    FROM daily
    GROUP BY product_id
)
SELECT product_id, first_date, last_date, days, CAST(round(avg_on_hand, 4) AS DECIMAL(18, 4)) AS avg_on_hand,
    CAST(closing_on_hand AS BIGINT) AS closing_on_hand, units_sold,
    CASE WHEN avg_on_hand > 0 THEN CAST(round(units_sold / avg_on_hand, 4) AS DECIMAL(18, 4)) END AS turnover,
    CAST(round(units_sold / days, 4) AS DECIMAL(18, 4)) AS avg_daily_units_sold,
    CASE WHEN units_sold > 0 THEN CAST(round(closing_on_hand / (units_sold / days), 4) AS DECIMAL(18, 4)) END AS days_of_cover,
    stock_out_days
FROM products
ORDER BY product_id;
