-- gold.dim_date: one row per calendar date from the first to the last date that has silver data
-- (any kind). date_key is yyyymmdd; day_of_week is ISO (Monday = 1); week_of_year and iso_year are ISO
-- 8601; is_holiday is true when the date is a holiday of at least one country of the calendar
-- (holiday_countries / holiday_names list them; per-country rows are in gold.holiday_calendar).
CREATE OR REPLACE TABLE gold_build.dim_date AS
WITH bounds AS (
    SELECT min(dt) AS first_date, max(dt) AS last_date FROM silver.partitions
), dates AS (
    SELECT CAST(d.generate_series AS DATE) AS date
    FROM bounds, generate_series(CAST(first_date AS TIMESTAMP), CAST(last_date AS TIMESTAMP), INTERVAL 1 DAY) AS d
    WHERE first_date IS NOT NULL
), holidays AS (
    SELECT date, list(country ORDER BY country) AS holiday_countries, list(name ORDER BY country) AS holiday_names
    FROM gold_build.holiday_calendar
    GROUP BY date
)
SELECT
    cw_date_key(d.date) AS date_key,
    d.date,
    CAST(isodow(d.date) AS INTEGER) AS day_of_week,
    dayname(d.date) AS day_name,
    CAST(weekofyear(d.date) AS INTEGER) AS week_of_year,
    CAST(month(d.date) AS INTEGER) AS month,
    monthname(d.date) AS month_name,
    CAST(quarter(d.date) AS INTEGER) AS quarter,
    CAST(year(d.date) AS INTEGER) AS year,
    isodow(d.date) >= 6 AS is_weekend,
    CAST(isoyear(d.date) AS INTEGER) AS iso_year,
    CAST(date_trunc('week', d.date) AS DATE) AS week_start,
    CAST(date_trunc('month', d.date) AS DATE) AS month_start,
    h.date IS NOT NULL AS is_holiday,
    coalesce(h.holiday_countries, []) AS holiday_countries,
    coalesce(h.holiday_names, []) AS holiday_names
FROM dates AS d
LEFT JOIN holidays AS h ON h.date = d.date
ORDER BY d.date;
