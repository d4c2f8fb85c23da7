-- gold.funnel_daily: one row per session date × device × country (of gold.fact_sessions; NULL → 'unknown').
-- A session's date is the UTC date of its first event; a session counts at a step when it has at least one
-- event of that type (product_view, add_to_cart, checkout_started, purchase). Rates are ratios of those counts
-- rounded to 4 decimals (NULL when the denominator is 0): view_to_cart = cart/product_view,
-- cart_to_checkout = checkout/cart, checkout_to_purchase = purchase/checkout, conversion_rate = purchase/sessions;
-- cart_abandonment_rate = sessions with an add_to_cart and no purchase / sessions with an add_to_cart.
CREATE OR REPLACE TABLE gold_build.funnel_daily AS
WITH counts AS (
    SELECT session_date AS date, coalesce(device, 'unknown') AS device, coalesce(country, 'unknown') AS country,
        count(*) AS sessions,
        count(*) FILTER (WHERE has_product_view) AS sessions_with_product_view,
        count(*) FILTER (WHERE has_add_to_cart) AS sessions_with_add_to_cart,
        count(*) FILTER (WHERE has_checkout) AS sessions_with_checkout,
        count(*) FILTER (WHERE has_purchase) AS sessions_with_purchase,
        count(*) FILTER (WHERE has_add_to_cart AND NOT has_purchase) AS sessions_abandoning_cart
    FROM gold_build.fact_sessions
    GROUP BY ALL
)
SELECT *,
    cw_rate(sessions_with_add_to_cart, sessions_with_product_view) AS view_to_cart_rate,
    cw_rate(sessions_with_checkout, sessions_with_add_to_cart) AS cart_to_checkout_rate,
    cw_rate(sessions_with_purchase, sessions_with_checkout) AS checkout_to_purchase_rate,
    cw_rate(sessions_with_purchase, sessions) AS conversion_rate,
    cw_rate(sessions_abandoning_cart, sessions_with_add_to_cart) AS cart_abandonment_rate
FROM counts
ORDER BY date, device, country;
