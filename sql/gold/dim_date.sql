-- gold.dim_date: one row per calendar date from the first to the last date that has silver data
-- (any kind). date_key is yyyymmdd; week_of_year is the ISO week; day_of_week is ISO (Monday = 1).
CREATE OR REPLACE TABLE gold.dim_date AS
WITH bounds AS (
    SELECT min(dt) AS first_date, max(dt) AS last_date FROM silver.partitions
), dates AS (
    SELECT CAST(d.generate_series AS DATE) AS date
    FROM bounds, generate_series(CAST(first_date AS TIMESTAMP), CAST(last_date AS TIMESTAMP), INTERVAL 1 DAY) AS d
    WHERE first_date IS NOT NULL
)
SELECT
    CAST(year(date) * 10000 + month(date) * 100 + day(date) AS INTEGER) AS date_key,
    date,
    CAST(isodow(date) AS INTEGER) AS day_of_week,
    dayname(date) AS day_name,
    CAST(weekofyear(date) AS INTEGER) AS week_of_year,
    CAST(month(date) AS INTEGER) AS month,
    monthname(date) AS month_name,
    CAST(quarter(date) AS INTEGER) AS quarter,
    CAST(year(date) AS INTEGER) AS year,
    isodow(date) >= 6 AS is_weekend
FROM dates
ORDER BY date;
