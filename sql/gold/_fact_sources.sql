-- What the facts of dates getvariable('cw_from')..('cw_to') were built from: per date, the source files of the silver
-- events rows of the day before to the day after (gold_build.cw_fact_sources). The next build merges the sessions of a
-- date (sql/gold/fact_sessions.sql) when only rows of other files arrived; a row without a file marks a date built
-- without events nearby. No gold table: bookkeeping of the builder.
-- When the dates were merged (getvariable('cw_merge_sessions')), a file's newest ingestion_time is the newer of its stored
-- one and that of its rows ingested after the oldest stored one: a row ingested since the dates' last build is newer than
-- every time recorded then (the assumption of decision 24), so only the rows above that bound are read, which the Parquet
-- reader skips by row-group statistics. Should the assumption fail, a file is recorded older than it is or not at all,
-- and the next build takes more rows as new (sessions recomputed, fact_events_daily computed whole), never fewer.
SET VARIABLE cw_sources_known_since = (
    SELECT coalesce(min(max_ingestion_time), TIMESTAMPTZ '-infinity')
    FROM gold_build.cw_fact_sources
    WHERE getvariable('cw_merge_sessions') AND kind = 'events' AND dt BETWEEN getvariable('cw_from') AND getvariable('cw_to'));

CREATE OR REPLACE TEMP TABLE cw_stored_fact_sources AS
SELECT dt, partition_dt, source_file, max_ingestion_time
FROM gold_build.cw_fact_sources
WHERE getvariable('cw_merge_sessions') AND kind = 'events' AND dt BETWEEN getvariable('cw_from') AND getvariable('cw_to')
    AND source_file IS NOT NULL;

DELETE FROM gold_build.cw_fact_sources WHERE dt BETWEEN getvariable('cw_from') AND getvariable('cw_to');

INSERT INTO gold_build.cw_fact_sources
SELECT dt, 'events' AS kind, partition_dt, source_file, max(max_ingestion_time) AS max_ingestion_time
FROM (
    SELECT CAST(d.day AS DATE) AS dt, f.partition_dt, f.source_file, f.max_ingestion_time
    FROM (
        -- A source file's newest ingestion_time too: the stream writes every micro-batch of a log partition with the same
        -- source_file (log:<p>) and the batch time as ingestion_time, and a file dropped again under the same name keeps
        -- its path; rows ingested after the recorded time are new.
        SELECT dt AS partition_dt, source_file, max(ingestion_time) AS max_ingestion_time
        FROM silver.events
        WHERE dt BETWEEN getvariable('cw_from') - 1 AND getvariable('cw_to') + 1 AND ingestion_time > getvariable('cw_sources_known_since')
        GROUP BY dt, source_file
    ) AS f
    JOIN generate_series(CAST(getvariable('cw_from') AS TIMESTAMP), CAST(getvariable('cw_to') AS TIMESTAMP), INTERVAL 1 DAY) AS d(day)
        ON f.partition_dt BETWEEN CAST(d.day AS DATE) - 1 AND CAST(d.day AS DATE) + 1
    UNION ALL
    SELECT dt, partition_dt, source_file, max_ingestion_time FROM cw_stored_fact_sources
)
GROUP BY dt, partition_dt, source_file
UNION ALL
SELECT CAST(day AS DATE), 'events', NULL, NULL, NULL
FROM generate_series(CAST(getvariable('cw_from') AS TIMESTAMP), CAST(getvariable('cw_to') AS TIMESTAMP), INTERVAL 1 DAY) AS d(day);
