-- The catalog: the truth about what has been ingested and built, next to the bronze files.
-- SQLite, WAL mode, synchronous=FULL. Everything in DuckDB can be rebuilt from this plus the lake.

-- One row per schema migration applied.
CREATE TABLE IF NOT EXISTS schema_version (
    version     INTEGER PRIMARY KEY,
    applied_at  TEXT NOT NULL
);

-- One row per command or pipeline run (ingest, run, rebuild, demo, …).
CREATE TABLE IF NOT EXISTS runs (
    run_id       TEXT PRIMARY KEY,
    command      TEXT NOT NULL,
    arguments    TEXT NOT NULL,
    started_at   TEXT NOT NULL,
    finished_at  TEXT,
    status       TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
    error        TEXT
);

-- One row per input file ingested into bronze; a file is identified by the SHA-256 of its bytes.
CREATE TABLE IF NOT EXISTS ingested_files (
    file_hash          TEXT PRIMARY KEY,
    path               TEXT NOT NULL,
    kind               TEXT NOT NULL,
    format             TEXT NOT NULL,
    size_bytes         INTEGER NOT NULL,
    rows_received      INTEGER NOT NULL,
    rows_accepted      INTEGER NOT NULL,
    rows_quarantined   INTEGER NOT NULL,
    batch_id           TEXT NOT NULL,
    run_id             TEXT,
    ingested_at        TEXT NOT NULL
);

-- One row per committed bronze Parquet file. A bronze file on disk without a row here is an
-- orphan of a crashed write and is removed on the next start.
CREATE TABLE IF NOT EXISTS bronze_files (
    path          TEXT PRIMARY KEY,   -- relative to the data directory
    kind          TEXT NOT NULL,
    dt            TEXT NOT NULL,      -- YYYY-MM-DD (event date)
    batch_id      TEXT NOT NULL,
    file_hash     TEXT,               -- the input file it came from, when from a file
    row_count     INTEGER NOT NULL,
    size_bytes    INTEGER NOT NULL,
    sha256        TEXT NOT NULL,
    committed_at  TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS bronze_files_kind_dt ON bronze_files (kind, dt);

-- Record accounting: one row per stage, batch and partition. received = accepted + quarantined + duplicates.
CREATE TABLE IF NOT EXISTS batches (
    batch_id      TEXT NOT NULL,
    stage         TEXT NOT NULL,      -- ingest | silver
    kind          TEXT NOT NULL,
    dt            TEXT NOT NULL,      -- '' when the batch is not per date
    source        TEXT NOT NULL,      -- input file path, or the silver partition
    run_id        TEXT,
    received      INTEGER NOT NULL,
    accepted      INTEGER NOT NULL,
    quarantined   INTEGER NOT NULL,
    duplicates    INTEGER NOT NULL,
    recorded_at   TEXT NOT NULL,
    PRIMARY KEY (batch_id, stage, kind, dt),
    CHECK (received = accepted + quarantined + duplicates)
);

-- Quarantined records counted by stage, kind, partition and reason (the records themselves are
-- JSON lines under quarantine/).
CREATE TABLE IF NOT EXISTS quarantine_counts (
    batch_id   TEXT NOT NULL,
    stage      TEXT NOT NULL,
    kind       TEXT NOT NULL,
    dt         TEXT NOT NULL,
    reason     TEXT NOT NULL,
    count      INTEGER NOT NULL,
    path       TEXT NOT NULL,
    PRIMARY KEY (batch_id, stage, kind, dt, reason)
);

-- The current silver partitions: one row per kind and date, replaced on every rebuild of the partition.
CREATE TABLE IF NOT EXISTS silver_partitions (
    kind         TEXT NOT NULL,
    dt           TEXT NOT NULL,
    path         TEXT NOT NULL,
    row_count    INTEGER NOT NULL,
    batch_id     TEXT NOT NULL,
    run_id       TEXT,
    built_at     TEXT NOT NULL,
    PRIMARY KEY (kind, dt)
);
