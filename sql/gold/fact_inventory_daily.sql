-- gold.fact_inventory_daily: one row per date × product × warehouse from the day of the pair's first stock
-- update on. closing_on_hand = on_hand of the pair's last update (by event_time, update_id) at or before the end
-- of the day (carried forward over days without updates); opening_on_hand = the previous day's closing (NULL on
-- the first day). units_sold / units_restocked / units_returned = −Σ delta of 'sale' / Σ delta of 'restock' /
-- Σ delta of 'return' updates of the day; is_stock_out = closing_on_hand = 0; hit_zero = some update of the day
-- left on_hand = 0. product_key is the dim_product version valid at the end of the day. Replaced for dates
-- getvariable('cw_from')..('cw_to'); older silver inventory is read for the carried-forward stock.
CREATE TABLE IF NOT EXISTS gold_build.fact_inventory_daily (
    date DATE, date_key INTEGER, product_id VARCHAR, product_key BIGINT, warehouse_id VARCHAR,
    opening_on_hand INTEGER, closing_on_hand INTEGER, units_sold BIGINT, units_restocked BIGINT, units_returned BIGINT,
    net_adjustment BIGINT, updates BIGINT, is_stock_out BOOLEAN, hit_zero BOOLEAN
);

DELETE FROM gold_build.fact_inventory_daily WHERE date BETWEEN getvariable('cw_from') AND getvariable('cw_to');

INSERT INTO gold_build.fact_inventory_daily
WITH updates AS (
    SELECT cw_utc_date(event_time) AS date, product_id, coalesce(warehouse_id, '') AS warehouse_id, on_hand, delta, reason, event_time, update_id
    FROM silver.inventory
    WHERE dt <= getvariable('cw_to') AND cw_utc_date(event_time) <= getvariable('cw_to')
), days AS (
    SELECT date, product_id, warehouse_id,
        arg_max(on_hand, (event_time, update_id)) AS day_closing,
        -sum(delta) FILTER (WHERE reason = 'sale') AS units_sold,
        sum(delta) FILTER (WHERE reason = 'restock') AS units_restocked,
        sum(delta) FILTER (WHERE reason = 'return') AS units_returned,
        sum(delta) FILTER (WHERE reason = 'adjustment') AS net_adjustment,
        count(*) AS updates,
        bool_or(on_hand = 0) AS hit_zero
    FROM updates
    WHERE date >= getvariable('cw_from') - 1
    GROUP BY ALL
), before AS (
    -- The stock at the end of the day before the range, from every older update.
    SELECT product_id, warehouse_id, arg_max(on_hand, (event_time, update_id)) AS on_hand, min(date) AS first_date
    FROM updates
    WHERE date < getvariable('cw_from') - 1
    GROUP BY ALL
), pairs AS (
    SELECT product_id, warehouse_id, min(first_date) AS first_date
    FROM (SELECT product_id, warehouse_id, first_date FROM before UNION ALL SELECT product_id, warehouse_id, date FROM days)
    GROUP BY ALL
), dates AS (
    -- The day before the range to its end, with its last instant (dim_product's version then), cast once per day rather than per row (the cast goes through ICU).
    SELECT CAST(d.generate_series AS DATE) AS date, CAST(CAST(d.generate_series AS DATE) + 1 AS TIMESTAMPTZ) - INTERVAL 1 MICROSECOND AS day_end
    FROM generate_series(CAST(getvariable('cw_from') - 1 AS TIMESTAMP), CAST(getvariable('cw_to') AS TIMESTAMP), INTERVAL 1 DAY) AS d
), calendar AS (
    SELECT p.product_id, p.warehouse_id, d.date, d.day_end
    FROM pairs AS p
    JOIN dates AS d ON d.date >= p.first_date
), opened AS (
    -- closing_on_hand carries the last non-NULL closing forward; opening_on_hand is the same over the days before (one sort
    -- for both windows). The day before the range is the first calendar day of a pair with older updates, so an output
    -- day's opening is the previous calendar day's closing, NULL on a pair's first day.
    SELECT c.date, c.day_end, c.product_id, c.warehouse_id, dy.units_sold, dy.units_restocked, dy.units_returned, dy.net_adjustment,
        dy.updates, dy.hit_zero,
        coalesce(last_value(dy.day_closing IGNORE NULLS) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW), b.on_hand) AS closing_on_hand,
        coalesce(last_value(dy.day_closing IGNORE NULLS) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), b.on_hand) AS previous_closing
    FROM calendar AS c
    LEFT JOIN days AS dy USING (date, product_id, warehouse_id)
    LEFT JOIN before AS b USING (product_id, warehouse_id)
    WINDOW w AS (PARTITION BY c.product_id, c.warehouse_id ORDER BY c.date)
)
SELECT o.date, cw_date_key(o.date) AS date_key, o.product_id, p.product_key, o.warehouse_id,
    CAST(o.previous_closing AS INTEGER) AS opening_on_hand,
    CAST(o.closing_on_hand AS INTEGER) AS closing_on_hand,
    coalesce(o.units_sold, 0) AS units_sold, coalesce(o.units_restocked, 0) AS units_restocked,
    coalesce(o.units_returned, 0) AS units_returned, coalesce(o.net_adjustment, 0) AS net_adjustment,
    coalesce(o.updates, 0) AS updates, o.closing_on_hand = 0 AS is_stock_out, coalesce(o.hit_zero, false) AS hit_zero
FROM opened AS o
LEFT JOIN gold_build.dim_product AS p
    ON p.product_id = o.product_id AND p.effective_from <= o.day_end AND o.day_end < p.effective_to
WHERE o.date BETWEEN getvariable('cw_from') AND getvariable('cw_to')
ORDER BY o.date, o.product_id, o.warehouse_id;
