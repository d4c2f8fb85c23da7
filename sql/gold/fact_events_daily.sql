-- gold.fact_events_daily: clickstream at (event date × product × event type) grain: events = silver click
-- events (deduplicated) of that UTC date, product (NULL for events without one, e.g. page_view) and type;
-- sessions and users = distinct session_ids and non-null user_ids among them. product_key is the dim_product
-- version valid at the last such event of the day. Replaced for event dates getvariable('cw_from')..('cw_to').
-- When getvariable('cw_merge_sessions') (GoldPlan: the dates were built before with the same settings and dimensions,
-- their source files recorded), the stored rows are merged with the rows new since (docs/decisions.md): a silver
-- events row of a file the date's own build did not record for its partition, or ingested after that file's newest
-- recorded ingestion_time (the criterion of sql/gold/fact_sessions.sql, but from the partition's date's record alone:
-- a row counted twice would be wrong here). Counts, first and last times add up; a new row adds a session (user) to
-- its group when no other row of the group has it, which a lookup of the new rows' (group, session) and (group, user)
-- keys in the dates' rows decides. The merge is taken only when the stored events plus the new rows are the dates' rows now (no row
-- replaced or removed since), else the dates are recomputed from silver.
CREATE TABLE IF NOT EXISTS gold_build.fact_events_daily (
    event_date DATE, date_key INTEGER, product_id VARCHAR, product_key BIGINT, event_type VARCHAR,
    events BIGINT, sessions BIGINT, users BIGINT, first_event_time TIMESTAMPTZ, last_event_time TIMESTAMPTZ
);

-- No row ingested up to the oldest recorded ingestion_time of the dates' files is new in a recorded file: a constant bound
-- that the Parquet scan checks against each row group's statistics, so the rows built before are mostly not read. A row
-- of an unrecorded file under the bound (ingested while the last build ran) is left out here, and the check below then
-- finds the counts short and computes the dates whole.
SET VARIABLE cw_events_known_since = (
    SELECT coalesce(min(max_ingestion_time), TIMESTAMPTZ '-infinity')
    FROM gold_build.cw_fact_sources
    WHERE getvariable('cw_merge_sessions') AND kind = 'events' AND dt = partition_dt AND dt BETWEEN getvariable('cw_from') AND getvariable('cw_to'));

CREATE OR REPLACE TEMP TABLE cw_new_events AS
WITH known AS (
    SELECT partition_dt, source_file, max_ingestion_time AS known_until
    FROM gold_build.cw_fact_sources
    WHERE getvariable('cw_merge_sessions') AND kind = 'events' AND dt = partition_dt AND dt BETWEEN getvariable('cw_from') AND getvariable('cw_to')
)
SELECT cw_utc_date(e.event_time) AS event_date, e.product_id, e.event_type, e.session_id, e.user_id, e.event_time
FROM silver.events AS e
LEFT JOIN known AS k ON k.partition_dt = e.dt AND k.source_file = e.source_file
WHERE getvariable('cw_merge_sessions') AND e.dt BETWEEN getvariable('cw_from') AND getvariable('cw_to')
    AND e.ingestion_time > getvariable('cw_events_known_since')
    AND (k.source_file IS NULL OR k.known_until IS NULL OR e.ingestion_time > k.known_until);

CREATE OR REPLACE TEMP TABLE cw_stored_events_daily AS
SELECT event_date, product_id, event_type, events, sessions, users, first_event_time, last_event_time
FROM gold_build.fact_events_daily
WHERE getvariable('cw_merge_sessions') AND event_date BETWEEN getvariable('cw_from') AND getvariable('cw_to');

SET VARIABLE cw_merge_events = getvariable('cw_merge_sessions')
    AND (SELECT coalesce(sum(events), 0) FROM cw_stored_events_daily) + (SELECT count(*) FROM cw_new_events)
        = (SELECT count(*) FROM silver.events WHERE dt BETWEEN getvariable('cw_from') AND getvariable('cw_to'));

DELETE FROM gold_build.fact_events_daily WHERE event_date BETWEEN getvariable('cw_from') AND getvariable('cw_to');

INSERT INTO gold_build.fact_events_daily
WITH full_groups AS (
    SELECT cw_utc_date(event_time) AS event_date, product_id, event_type,
        count(*) AS events, count(DISTINCT session_id) AS sessions, count(DISTINCT user_id) AS users,
        min(event_time) AS first_event_time, max(event_time) AS last_event_time
    FROM silver.events
    WHERE NOT getvariable('cw_merge_events') AND dt BETWEEN getvariable('cw_from') AND getvariable('cw_to')
    GROUP BY ALL
), new_sessions AS (
    -- The new rows' sessions and users per group, with their number of new rows (NULLs left out, as count(DISTINCT)).
    SELECT event_date, product_id, event_type, session_id, count(*) AS new_rows
    FROM cw_new_events
    WHERE getvariable('cw_merge_events') AND session_id IS NOT NULL
    GROUP BY ALL
), new_users AS (
    SELECT event_date, product_id, event_type, user_id, count(*) AS new_rows
    FROM cw_new_events
    WHERE getvariable('cw_merge_events') AND user_id IS NOT NULL
    GROUP BY ALL
), member_rows AS (
    -- Per (group, new session) and (group, new user): the rows of the dates that have it, new or not. Joined on the whole
    -- key, so only those rows are grouped (on a large day most users have a new row, but few of their old rows share a group).
    SELECT d.event_date, d.product_id, d.event_type, s.session_id, s.new_rows AS session_new_rows, u.user_id,
        u.new_rows AS user_new_rows, count(*) AS all_rows
    FROM (
        SELECT cw_utc_date(event_time) AS event_date, product_id, event_type, session_id, user_id
        FROM silver.events
        WHERE getvariable('cw_merge_events') AND dt BETWEEN getvariable('cw_from') AND getvariable('cw_to')
    ) AS d
    LEFT JOIN new_sessions AS s ON s.event_date = d.event_date AND s.product_id IS NOT DISTINCT FROM d.product_id
        AND s.event_type IS NOT DISTINCT FROM d.event_type AND s.session_id = d.session_id
    LEFT JOIN new_users AS u ON u.event_date = d.event_date AND u.product_id IS NOT DISTINCT FROM d.product_id
        AND u.event_type IS NOT DISTINCT FROM d.event_type AND u.user_id = d.user_id
    WHERE s.session_id IS NOT NULL OR u.user_id IS NOT NULL
    GROUP BY GROUPING SETS ((d.event_date, d.product_id, d.event_type, s.session_id, s.new_rows),
        (d.event_date, d.product_id, d.event_type, u.user_id, u.new_rows))
), added AS (
    SELECT event_date, product_id, event_type, count(*) AS events, 0 AS sessions, 0 AS users,
        min(event_time) AS first_event_time, max(event_time) AS last_event_time
    FROM cw_new_events
    WHERE getvariable('cw_merge_events')
    GROUP BY ALL
    UNION ALL
    -- A new row's session (user) is new to its group when every row of the group with it is new.
    SELECT event_date, product_id, event_type, 0,
        count(*) FILTER (WHERE session_id IS NOT NULL AND all_rows = session_new_rows),
        count(*) FILTER (WHERE user_id IS NOT NULL AND all_rows = user_new_rows), NULL, NULL
    FROM member_rows
    GROUP BY event_date, product_id, event_type
), merged AS (
    SELECT event_date, product_id, event_type, CAST(sum(events) AS BIGINT) AS events, CAST(sum(sessions) AS BIGINT) AS sessions,
        CAST(sum(users) AS BIGINT) AS users, min(first_event_time) AS first_event_time, max(last_event_time) AS last_event_time
    FROM (
        SELECT * FROM cw_stored_events_daily WHERE getvariable('cw_merge_events')
        UNION ALL
        SELECT * FROM added
    )
    GROUP BY ALL
), grouped AS (
    SELECT * FROM full_groups
    UNION ALL
    SELECT * FROM merged
)
SELECT g.event_date, cw_date_key(g.event_date) AS date_key, g.product_id, p.product_key, g.event_type,
    g.events, g.sessions, g.users, g.first_event_time, g.last_event_time
FROM grouped AS g
LEFT JOIN gold_build.dim_product AS p
    ON p.product_id = g.product_id AND p.effective_from <= g.last_event_time AND g.last_event_time < p.effective_to
ORDER BY g.event_date, g.product_id NULLS FIRST, g.event_type;
