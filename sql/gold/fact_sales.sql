-- gold.fact_sales: one row per line of a completed order (the latest version of the order by updated_at
-- decides; a completed-then-refunded order is not a sale), keyed to the user and product versions valid
-- at the order's created_at. order_date = UTC date of created_at. line_revenue = quantity * unit_price -
-- discount; the order's tax and shipping are allocated to its lines in proportion to line_revenue (cents,
-- rounded half away from zero, the remainder on the last line) so lines sum exactly to the order's
-- amounts; total = line_revenue + tax + shipping. The issue-4 names repeat them: total_amount = total,
-- discount_amount = discount, tax_amount = tax, shipping_amount = shipping; status is the order's (latest)
-- status; channel_key/channel come from the first event of the order's session (events of the order date and
-- the day before; 'unknown' when none). Replaced for order dates getvariable('cw_from')..('cw_to'). When
-- getvariable('cw_merge_sessions'), a stored line whose order keeps its session, and whose session has no events row
-- new since (cw_touched_sessions of sql/gold/fact_sessions.sql, run before), keeps its channel: only the other
-- sessions' first event is looked up: in fact_sessions (run before) for a session that starts in the range, else in the
-- events of the day before the range, so the range's events are not read (docs/decisions.md).
CREATE TABLE IF NOT EXISTS gold_build.fact_sales (
    order_id VARCHAR, line_number INTEGER, date_key INTEGER, order_date DATE, created_at TIMESTAMPTZ,
    user_key BIGINT, user_id VARCHAR, product_key BIGINT, product_id VARCHAR, session_id VARCHAR,
    quantity INTEGER, unit_price DECIMAL(18, 2), discount DECIMAL(18, 2), line_revenue DECIMAL(18, 2),
    tax DECIMAL(18, 2), shipping DECIMAL(18, 2), total DECIMAL(18, 2), currency VARCHAR, payment_method VARCHAR,
    total_amount DECIMAL(18, 2), discount_amount DECIMAL(18, 2), tax_amount DECIMAL(18, 2), shipping_amount DECIMAL(18, 2),
    status VARCHAR, channel_key BIGINT, channel VARCHAR
);

CREATE OR REPLACE TEMP TABLE cw_sales_kept_channels AS
SELECT DISTINCT order_id, session_id, channel_key, channel
FROM gold_build.fact_sales
WHERE getvariable('cw_merge_sessions') AND order_date BETWEEN getvariable('cw_from') AND getvariable('cw_to')
    AND session_id NOT IN (SELECT session_id FROM cw_touched_sessions WHERE session_id IS NOT NULL);

DELETE FROM gold_build.fact_sales WHERE order_date BETWEEN getvariable('cw_from') AND getvariable('cw_to');

INSERT INTO gold_build.fact_sales
WITH lines AS (
    SELECT order_id, user_id, session_id, status, currency, payment_method, created_at, CAST(created_at AS DATE) AS order_date,
        CAST(tax * 100 AS BIGINT) AS tax_cents, CAST(shipping * 100 AS BIGINT) AS shipping_cents, unnest(items) AS item
    FROM silver.orders
    WHERE dt BETWEEN getvariable('cw_from') AND getvariable('cw_to') AND status = 'completed'
), priced AS (
    SELECT *,
        item.line_number AS line_number,
        CAST(item.quantity * item.unit_price - item.discount AS DECIMAL(18, 2)) AS line_revenue,
        CAST((item.quantity * item.unit_price - item.discount) * 100 AS BIGINT) AS revenue_cents
    FROM lines
), weighted AS (
    SELECT *,
        sum(revenue_cents) OVER o AS subtotal_cents,
        max(line_number) OVER o AS last_line
    FROM priced
    WINDOW o AS (PARTITION BY order_id)
), shared AS (
    SELECT *,
        CASE WHEN subtotal_cents = 0 THEN 0 ELSE CAST(round(tax_cents * revenue_cents / subtotal_cents) AS BIGINT) END AS tax_share,
        CASE WHEN subtotal_cents = 0 THEN 0 ELSE CAST(round(shipping_cents * revenue_cents / subtotal_cents) AS BIGINT) END AS shipping_share
    FROM weighted
), allocated AS (
    SELECT *,
        CASE WHEN line_number = last_line THEN tax_cents - (sum(tax_share) OVER o - tax_share) ELSE tax_share END AS line_tax_cents,
        CASE WHEN line_number = last_line THEN shipping_cents - (sum(shipping_share) OVER o - shipping_share) ELSE shipping_share END AS line_shipping_cents
    FROM shared
    WINDOW o AS (PARTITION BY order_id)
), wanted AS (
    -- The sessions whose first event is needed: those of the lines that do not keep their channel.
    SELECT DISTINCT l.session_id FROM lines AS l
    ANTI JOIN cw_sales_kept_channels AS k ON k.order_id = l.order_id AND k.session_id = l.session_id
    WHERE l.session_id IS NOT NULL
), dated AS (
    -- A session that starts in the range has its first event's channel in fact_sessions (built just before from the
    -- events of the day before to the day after): the same event as the first of the range's events, since a
    -- partition holds the events of its date, so no event of a later partition comes first.
    SELECT s.session_id, s.channel, s.channel_key
    FROM gold_build.fact_sessions AS s
    SEMI JOIN wanted AS w ON w.session_id = s.session_id
    WHERE s.session_date BETWEEN getvariable('cw_from') AND getvariable('cw_to')
), earlier AS (
    -- Any other session with events in the range's partitions has them the day before (else it would start in the
    -- range), and its first event is there: only that partition is read, for those sessions.
    SELECT session_id,
        arg_min({'utm_source': utm_source, 'utm_medium': utm_medium, 'utm_campaign': utm_campaign, 'referrer_class': cw_referrer_class(referrer)},
            {'t': event_time, 'i': event_id}) AS entry
    FROM silver.events
    WHERE dt = getvariable('cw_from') - 1
        AND session_id IN (SELECT session_id FROM wanted EXCEPT SELECT session_id FROM dated)
    GROUP BY session_id
), entries AS (
    SELECT session_id, channel, channel_key FROM dated
    UNION ALL
    SELECT session_id, cw_channel(entry.utm_source, entry.utm_medium, entry.referrer_class),
        cw_channel_key(entry.utm_source, entry.utm_medium, entry.utm_campaign, entry.referrer_class)
    FROM earlier
), amounts AS (
    SELECT *,
        CAST(CAST(line_tax_cents AS DECIMAL(18, 0)) * 0.01 AS DECIMAL(18, 2)) AS line_tax,
        CAST(CAST(line_shipping_cents AS DECIMAL(18, 0)) * 0.01 AS DECIMAL(18, 2)) AS line_shipping
    FROM allocated
)
SELECT
    a.order_id, a.line_number,
    cw_date_key(a.order_date) AS date_key,
    a.order_date, a.created_at,
    u.user_key, a.user_id, p.product_key, a.item.product_id AS product_id, a.session_id,
    a.item.quantity AS quantity, a.item.unit_price AS unit_price, a.item.discount AS discount, a.line_revenue,
    a.line_tax AS tax, a.line_shipping AS shipping,
    CAST(a.line_revenue + a.line_tax + a.line_shipping AS DECIMAL(18, 2)) AS total,
    a.currency, a.payment_method,
    CAST(a.line_revenue + a.line_tax + a.line_shipping AS DECIMAL(18, 2)) AS total_amount,
    a.item.discount AS discount_amount, a.line_tax AS tax_amount, a.line_shipping AS shipping_amount,
    a.status,
    CASE WHEN k.order_id IS NOT NULL THEN k.channel_key
        WHEN e.session_id IS NULL THEN cw_channel_key(NULL, NULL, NULL, 'unknown')
        ELSE e.channel_key END AS channel_key,
    CASE WHEN k.order_id IS NOT NULL THEN k.channel
        WHEN e.session_id IS NULL THEN 'unknown'
        ELSE e.channel END AS channel
FROM amounts AS a
LEFT JOIN cw_sales_kept_channels AS k ON k.order_id = a.order_id AND k.session_id = a.session_id
LEFT JOIN entries AS e ON e.session_id = a.session_id
LEFT JOIN gold_build.dim_user AS u
    ON u.user_id = a.user_id AND u.effective_from <= a.created_at AND a.created_at < u.effective_to
LEFT JOIN gold_build.dim_product AS p
    ON p.product_id = a.item.product_id AND p.effective_from <= a.created_at AND a.created_at < p.effective_to
ORDER BY a.order_id, a.line_number;
