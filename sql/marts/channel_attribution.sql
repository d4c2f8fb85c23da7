-- gold.channel_attribution: one row per order date × channel: revenue of completed orders (Σ line_revenue of
-- gold.fact_sales) credited to the channels (gold.fact_sessions.channel) of the order's touches = the sessions of
-- the same user, or the order's own session, that started in [created_at − getvariable('cw_attribution_days')
-- days, created_at], ordered by session_start then session_id. first_touch: all to the first touch; last_touch:
-- all to the last; linear: an equal share per touch in cents (floor), the remainder on the last touch, so every
-- model sums to the order's revenue exactly. An order without touches is credited to 'unknown'. *_orders count
-- the orders credited (linear: the fraction 1/touches, 6 decimals).
-- Incremental: the credits of each order (one row per channel of its touches, the sums of the touches' credits) are kept
-- in gold_build.cw_attribution_credits with the order's inputs, and the attribution columns of each session that can be
-- a touch (the orders' users' sessions and the orders' own sessions) in gold_build.cw_attribution_sessions, both as of
-- the last build. Only the orders whose inputs changed, and those with a changed session (its old or new version) in
-- their lookback window, are credited again; the mart sums the credits. A change of the lookback or the logic
-- version starts over.
CREATE TABLE IF NOT EXISTS gold_build.cw_attribution_settings (attribution_days INTEGER, data_version VARCHAR);
CREATE TABLE IF NOT EXISTS gold_build.cw_attribution_sessions (session_id VARCHAR, user_id VARCHAR, session_start TIMESTAMPTZ, channel VARCHAR);
CREATE TABLE IF NOT EXISTS gold_build.cw_attribution_credits (
    order_id VARCHAR, user_id VARCHAR, session_id VARCHAR, created_at TIMESTAMPTZ, order_date DATE, revenue_cents BIGINT,
    channel VARCHAR, first_cents BIGINT, last_cents BIGINT, linear_cents BIGINT, first_order INTEGER, last_order INTEGER, linear_order DOUBLE
);

CREATE OR REPLACE TEMP TABLE cw_attribution_same_settings AS
SELECT count(*) > 0 AS same
FROM gold_build.cw_attribution_settings
WHERE attribution_days = CAST(getvariable('cw_attribution_days') AS INTEGER) AND data_version = getvariable('cw_data_version');

DELETE FROM gold_build.cw_attribution_sessions WHERE NOT (SELECT same FROM cw_attribution_same_settings);
DELETE FROM gold_build.cw_attribution_credits WHERE NOT (SELECT same FROM cw_attribution_same_settings);
DELETE FROM gold_build.cw_attribution_settings;
INSERT INTO gold_build.cw_attribution_settings VALUES (CAST(getvariable('cw_attribution_days') AS INTEGER), getvariable('cw_data_version'));
-- Nothing credited yet (the first build, or starting over): every order is credited, no diff to make.
SET VARIABLE cw_attribution_fresh = (SELECT count(*) = 0 FROM gold_build.cw_attribution_credits);

CREATE OR REPLACE TEMP TABLE cw_attribution_orders AS
SELECT order_id, any_value(user_id) AS user_id, any_value(session_id) AS session_id, any_value(created_at) AS created_at,
    any_value(order_date) AS order_date, CAST(sum(line_revenue) * 100 AS BIGINT) AS revenue_cents
FROM gold_build.fact_sales
GROUP BY order_id;

-- Sessions added, removed or changed since the last build: both versions (either may be a touch of some order). Only the
-- sessions that can be a touch are kept and compared, those of the orders' users and the orders' own sessions: an order's
-- touches are among them before and after, so a change of its touches shows here.
CREATE OR REPLACE TEMP TABLE cw_attribution_changed AS
SELECT n.session_id AS new_id, n.user_id AS new_user, n.session_start AS new_start, n.channel AS new_channel,
    o.session_id AS old_id, o.user_id AS old_user, o.session_start AS old_start
FROM (
    SELECT session_id, user_id, session_start, channel
    FROM gold_build.fact_sessions
    WHERE user_id IN (SELECT user_id FROM cw_attribution_orders) OR session_id IN (SELECT session_id FROM cw_attribution_orders)) AS n
FULL JOIN gold_build.cw_attribution_sessions AS o ON o.session_id = n.session_id
WHERE n.session_id IS NULL OR o.session_id IS NULL OR n.user_id IS DISTINCT FROM o.user_id
    OR n.session_start IS DISTINCT FROM o.session_start OR n.channel IS DISTINCT FROM o.channel;

CREATE OR REPLACE TEMP TABLE cw_attribution_affected AS
WITH credited AS (
    SELECT DISTINCT order_id, user_id, session_id, created_at, order_date, revenue_cents FROM gold_build.cw_attribution_credits
), changed AS (
    SELECT new_id AS session_id, new_user AS user_id, new_start AS session_start FROM cw_attribution_changed WHERE new_id IS NOT NULL
    UNION ALL
    SELECT old_id, old_user, old_start FROM cw_attribution_changed WHERE old_id IS NOT NULL
)
SELECT * FROM cw_attribution_orders WHERE getvariable('cw_attribution_fresh')
UNION
(SELECT * FROM cw_attribution_orders EXCEPT SELECT * FROM credited)
UNION
(SELECT * FROM credited EXCEPT SELECT * FROM cw_attribution_orders)
UNION
SELECT o.* FROM cw_attribution_orders AS o JOIN changed AS s ON s.user_id = o.user_id
    AND s.session_start BETWEEN o.created_at - to_days(CAST(getvariable('cw_attribution_days') AS INTEGER)) AND o.created_at
WHERE NOT getvariable('cw_attribution_fresh')
UNION
SELECT o.* FROM cw_attribution_orders AS o JOIN changed AS s ON s.session_id = o.session_id
    AND s.session_start BETWEEN o.created_at - to_days(CAST(getvariable('cw_attribution_days') AS INTEGER)) AND o.created_at
WHERE NOT getvariable('cw_attribution_fresh');

DELETE FROM gold_build.cw_attribution_credits WHERE order_id IN (SELECT order_id FROM cw_attribution_affected);

INSERT INTO gold_build.cw_attribution_credits
WITH orders AS (
    SELECT * FROM cw_attribution_orders WHERE order_id IN (SELECT order_id FROM cw_attribution_affected)
), touches AS (
    -- The user's sessions, and the order's own session when it is not the user's (so no session is listed twice).
    SELECT o.order_id, s.session_id, s.session_start, coalesce(s.channel, 'unknown') AS channel
    FROM orders AS o JOIN gold_build.fact_sessions AS s ON s.user_id = o.user_id
        AND s.session_start BETWEEN o.created_at - to_days(CAST(getvariable('cw_attribution_days') AS INTEGER)) AND o.created_at
    UNION ALL
    SELECT o.order_id, s.session_id, s.session_start, coalesce(s.channel, 'unknown')
    FROM orders AS o JOIN gold_build.fact_sessions AS s ON s.session_id = o.session_id
        AND s.session_start BETWEEN o.created_at - to_days(CAST(getvariable('cw_attribution_days') AS INTEGER)) AND o.created_at
    WHERE NOT coalesce(s.user_id = o.user_id, false)
), by_channel AS (
    -- One credit row per order and channel: its touches, and its first and last by (session_start, session_id). The order as
    -- a sort key (a BLOB that compares bytewise in that order; neither part is NULL here) costs a third less than a STRUCT's min.
    SELECT order_id, channel, count(*) AS touches,
        min(create_sort_key(session_start, 'ASC NULLS LAST', session_id, 'ASC NULLS LAST')) AS first_touch,
        max(create_sort_key(session_start, 'ASC NULLS LAST', session_id, 'ASC NULLS LAST')) AS last_touch
    FROM touches
    GROUP BY order_id, channel
), by_order AS (
    SELECT order_id, CAST(sum(touches) AS BIGINT) AS touch_count, arg_min(channel, first_touch) AS first_channel, arg_max(channel, last_touch) AS last_channel
    FROM by_channel
    GROUP BY order_id
), credited AS (
    -- An order without touches is one touch of 'unknown'.
    SELECT o.*, coalesce(c.channel, 'unknown') AS channel, coalesce(c.touches, 1) AS touches, coalesce(b.touch_count, 1) AS touch_count,
        b.order_id IS NULL OR c.channel = b.first_channel AS is_first, b.order_id IS NULL OR c.channel = b.last_channel AS is_last
    FROM orders AS o
    LEFT JOIN by_channel AS c ON c.order_id = o.order_id
    LEFT JOIN by_order AS b ON b.order_id = o.order_id
)
-- Linear: each touch revenue // touch_count, the remainder on the last touch; the sums per channel of the per-touch credits.
SELECT order_id, user_id, session_id, created_at, order_date, revenue_cents, channel,
    CASE WHEN is_first THEN revenue_cents ELSE 0 END AS first_cents,
    CASE WHEN is_last THEN revenue_cents ELSE 0 END AS last_cents,
    touches * (revenue_cents // touch_count) + CASE WHEN is_last THEN revenue_cents - touch_count * (revenue_cents // touch_count) ELSE 0 END
        AS linear_cents,
    CASE WHEN is_first THEN 1 ELSE 0 END AS first_order,
    CASE WHEN is_last THEN 1 ELSE 0 END AS last_order,
    touches * (1.0 / touch_count) AS linear_order
FROM credited;

DELETE FROM gold_build.cw_attribution_sessions WHERE session_id IN (SELECT old_id FROM cw_attribution_changed);
-- The new versions as the diff read them from fact_sessions (session_id is its key), without reading it again.
INSERT INTO gold_build.cw_attribution_sessions
SELECT new_id, new_user, new_start, new_channel FROM cw_attribution_changed WHERE new_id IS NOT NULL;

CREATE OR REPLACE TABLE gold_build.channel_attribution AS
SELECT order_date, channel,
    CAST(CAST(sum(first_cents) AS DECIMAL(18, 0)) * 0.01 AS DECIMAL(18, 2)) AS first_touch_revenue,
    CAST(CAST(sum(last_cents) AS DECIMAL(18, 0)) * 0.01 AS DECIMAL(18, 2)) AS last_touch_revenue,
    CAST(CAST(sum(linear_cents) AS DECIMAL(18, 0)) * 0.01 AS DECIMAL(18, 2)) AS linear_revenue,
    CAST(sum(first_order) AS BIGINT) AS first_touch_orders,
    CAST(sum(last_order) AS BIGINT) AS last_touch_orders,
    CAST(round(sum(linear_order), 6) AS DECIMAL(18, 6)) AS linear_orders
FROM gold_build.cw_attribution_credits
GROUP BY order_date, channel
ORDER BY order_date, channel;
