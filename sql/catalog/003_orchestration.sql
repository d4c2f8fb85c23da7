-- Orchestration (issue 5): DAG run history, task instances and attempts, and raised alerts.
-- Times are ISO 8601 UTC text; logical dates are the start of the schedule interval (ISO 8601 UTC).

-- One row per DAG run: one execution of a DAG for one logical date (a retry reuses the row).
CREATE TABLE IF NOT EXISTS dag_runs (
    run_id        TEXT PRIMARY KEY,
    dag_id        TEXT NOT NULL,
    logical_date  TEXT NOT NULL,
    run_type      TEXT NOT NULL,      -- manual | scheduled | backfill
    status        TEXT NOT NULL CHECK (status IN ('queued', 'running', 'success', 'failed')),
    queued_at     TEXT NOT NULL,
    started_at    TEXT,
    finished_at   TEXT,
    error         TEXT
);
CREATE INDEX IF NOT EXISTS dag_runs_dag_date ON dag_runs (dag_id, logical_date);

-- One row per task of a run: its latest status.
CREATE TABLE IF NOT EXISTS task_instances (
    run_id        TEXT NOT NULL REFERENCES dag_runs (run_id),
    task_id       TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('queued', 'running', 'success', 'failed', 'upstream_failed', 'skipped', 'up_for_retry')),
    attempts      INTEGER NOT NULL DEFAULT 0,
    started_at    TEXT,
    finished_at   TEXT,
    duration_ms   INTEGER,
    error         TEXT,
    PRIMARY KEY (run_id, task_id)
);

-- One row per attempt of a task: when, how long, how it ended, the delay before the next attempt
-- (NULL when none followed) and the last lines the task logged.
CREATE TABLE IF NOT EXISTS task_attempts (
    run_id          TEXT NOT NULL,
    task_id         TEXT NOT NULL,
    attempt         INTEGER NOT NULL,
    started_at      TEXT NOT NULL,
    finished_at     TEXT,
    duration_ms     INTEGER,
    status          TEXT NOT NULL CHECK (status IN ('running', 'success', 'failed')),
    error           TEXT,
    retry_delay_ms  INTEGER,
    log_excerpt     TEXT,
    PRIMARY KEY (run_id, task_id, attempt),
    FOREIGN KEY (run_id, task_id) REFERENCES task_instances (run_id, task_id)
);

-- One row per alert ever raised; alert_key de-duplicates (e.g. one SLA miss per run).
CREATE TABLE IF NOT EXISTS alerts (
    alert_key       TEXT PRIMARY KEY,
    kind            TEXT NOT NULL,    -- task_failed | sla_miss | data_quality_failure | freshness_breach
    dag_id          TEXT,
    run_id          TEXT,
    task_id         TEXT,
    logical_date    TEXT,
    message         TEXT NOT NULL,
    raised_at       TEXT NOT NULL,
    delivered_at    TEXT,
    delivery_error  TEXT
);
