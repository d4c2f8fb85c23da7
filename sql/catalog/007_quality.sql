-- Data quality (issue 5 §3) and dead letters (§4). Times are ISO 8601 UTC text; dates YYYY-MM-DD.

-- One row per expectation evaluated for one date partition in one quality run.
CREATE TABLE IF NOT EXISTS dq_results (
    run_id          TEXT NOT NULL,    -- the quality run (dq-<utc>-<random>)
    suite           TEXT NOT NULL,
    table_name      TEXT NOT NULL,    -- e.g. silver.orders, gold.fact_sales, catalog (error rate)
    expectation     TEXT NOT NULL,    -- the expectation's name, unique in its suite
    type            TEXT NOT NULL,    -- not_null | unique | accepted_values | between | regex | relationships | row_count_between | mean_between | freshness | volume_anomaly | custom_sql | error_rate
    severity        TEXT NOT NULL CHECK (severity IN ('error', 'warn')),
    status          TEXT NOT NULL CHECK (status IN ('passed', 'failed', 'skipped', 'error')),
    observed        TEXT,             -- the measured value (failing row count, mean, age in seconds, z-score, rate…)
    failing_rows    INTEGER NOT NULL, -- rows (or groups, for unique) that fail; 0 for aggregates that pass
    sample_keys     TEXT NOT NULL,    -- JSON array of at most 10 failing keys, sorted
    dt              TEXT NOT NULL,    -- the partition date checked
    started_at      TEXT NOT NULL,
    duration_ms     INTEGER NOT NULL,
    message         TEXT,             -- why skipped / the error / a human summary
    PRIMARY KEY (run_id, suite, expectation, dt)
);
CREATE INDEX IF NOT EXISTS dq_results_dt ON dq_results (dt, started_at);

-- One row per record that failed repeatedly at a source (an input file, a REST page, …), until replayed.
CREATE TABLE IF NOT EXISTS dead_letters (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    source             TEXT NOT NULL,    -- the handler that can replay it, e.g. file-ingest
    record_key         TEXT NOT NULL,    -- identifies the record within its source (a file path, a page URL)
    payload            TEXT NOT NULL,    -- what the handler needs to try again (JSON)
    error              TEXT NOT NULL,    -- the latest error
    attempts           INTEGER NOT NULL,
    first_failure_at   TEXT NOT NULL,
    last_failure_at    TEXT NOT NULL,
    status             TEXT NOT NULL CHECK (status IN ('pending', 'replayed')),
    replayed_at        TEXT,
    UNIQUE (source, record_key)
);
