-- gold.fact_refunds: one row per refunded order: the latest version of the order (by updated_at) has status
-- 'refunded'. refund_time is that version's updated_at (refund_date its UTC date); the order is placed by its
-- created_at (order_date), like every version of an order. refund_amount = the order total (line revenue + tax +
-- shipping) of that version; user_key is the dim_user version valid at created_at. Replaced for order dates
-- getvariable('cw_from')..('cw_to').
CREATE TABLE IF NOT EXISTS gold_build.fact_refunds (
    order_id VARCHAR, order_date DATE, date_key INTEGER, created_at TIMESTAMPTZ, refund_time TIMESTAMPTZ, refund_date DATE,
    refund_date_key INTEGER, user_id VARCHAR, user_key BIGINT, session_id VARCHAR, items BIGINT, units BIGINT,
    line_revenue DECIMAL(18, 2), tax_amount DECIMAL(18, 2), shipping_amount DECIMAL(18, 2), refund_amount DECIMAL(18, 2),
    currency VARCHAR, payment_method VARCHAR
);

DELETE FROM gold_build.fact_refunds WHERE order_date BETWEEN getvariable('cw_from') AND getvariable('cw_to');

INSERT INTO gold_build.fact_refunds
SELECT o.order_id, CAST(o.created_at AS DATE) AS order_date, cw_date_key(CAST(o.created_at AS DATE)) AS date_key, o.created_at,
    o.updated_at AS refund_time, CAST(o.updated_at AS DATE) AS refund_date, cw_date_key(CAST(o.updated_at AS DATE)) AS refund_date_key,
    o.user_id, u.user_key, o.session_id,
    len(o.items) AS items,
    coalesce(list_sum(list_transform(o.items, x -> x.quantity)), 0) AS units,
    CAST(o.order_total - o.tax - o.shipping AS DECIMAL(18, 2)) AS line_revenue,
    o.tax AS tax_amount, o.shipping AS shipping_amount, o.order_total AS refund_amount,
    o.currency, o.payment_method
FROM silver.orders AS o
LEFT JOIN gold_build.dim_user AS u
    ON u.user_id = o.user_id AND u.effective_from <= o.created_at AND o.created_at < u.effective_to
WHERE o.dt BETWEEN getvariable('cw_from') AND getvariable('cw_to') AND o.status = 'refunded'
ORDER BY o.order_id;
