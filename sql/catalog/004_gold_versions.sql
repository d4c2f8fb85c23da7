-- Migration 4: published gold versions and the bronze position of pipeline runs.
-- gold_versions: one row per kept version of a gold table. A gold build publishes every table as version N
-- (one N per build, shared by its tables) in the warehouse (gold_v.<table>__v<N>, gold.<table> a view on the
-- current one); is_current marks the version readers see (a rollback moves it).
CREATE TABLE IF NOT EXISTS gold_versions (
    table_name  TEXT NOT NULL,
    version     INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    run_id      TEXT,
    row_count   INTEGER NOT NULL,
    is_current  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (table_name, version)
);

-- run_positions: one row per run that brought gold up to date with every committed bronze file (a run without
-- dates, a full refresh): the highest bronze_files rowid committed when it started. The next run without dates
-- processes the dates of the bronze files committed after the last successful run's position.
CREATE TABLE IF NOT EXISTS run_positions (
    run_id           TEXT PRIMARY KEY,
    bronze_position  INTEGER NOT NULL
);
