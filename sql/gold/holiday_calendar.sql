-- gold.holiday_calendar: one row per country and holiday date, for every year from the first to the last
-- silver date, expanded from the holiday rules (cw_holiday_rules: the default calendar of
-- sql/gold/_holidays.sql or <data dir>/config/holidays.csv).
CREATE OR REPLACE TABLE gold_build.holiday_calendar AS
WITH years AS (
    SELECT DISTINCT CAST(y.generate_series AS INTEGER) AS year
    FROM (SELECT min(dt) AS first_date, max(dt) AS last_date FROM silver.partitions) AS b,
        generate_series(year(b.first_date), year(b.last_date)) AS y
    WHERE b.first_date IS NOT NULL
), expanded AS (
    SELECT r.country, TRY_CAST(CASE WHEN length(trim(r.date)) = 5 THEN y.year || '-' || trim(r.date) ELSE trim(r.date) END AS DATE) AS date, r.name
    FROM cw_holiday_rules AS r, years AS y
    WHERE length(trim(r.date)) = 5 OR year(TRY_CAST(trim(r.date) AS DATE)) = y.year
)
SELECT DISTINCT cw_date_key(date) AS date_key, date, country, name
FROM expanded
WHERE date IS NOT NULL
ORDER BY date, country, name;
