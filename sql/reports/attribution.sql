-- Report attribution: one row per channel with the revenue of the report period's orders credited to it by each
-- model (gold.channel_attribution summed over the period's order dates).
SELECT channel, sum(first_touch_revenue) AS first_touch, sum(last_touch_revenue) AS last_touch, sum(linear_revenue) AS linear
FROM gold.channel_attribution
WHERE order_date BETWEEN getvariable('cw_start') AND getvariable('cw_end')
GROUP BY channel
ORDER BY linear DESC, channel;
