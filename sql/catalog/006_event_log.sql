-- The embedded durable event log (issue 3): IEventLog in the catalog's SQLite file.
-- Written by one writer (SqliteEventLog's group-commit loop); read by the stream processor.

-- One row is one record appended to one partition; offsets are dense per partition (0, 1, 2, …)
-- and records below a partition's start_offset have been truncated (committed downstream).
CREATE TABLE IF NOT EXISTS event_log (
    partition_no  INTEGER NOT NULL,
    log_offset    INTEGER NOT NULL,
    kind          TEXT NOT NULL,      -- events | orders | users | products | inventory
    record_key    TEXT,               -- the partitioning key (user id or anonymous id); null spreads round-robin
    payload       BLOB NOT NULL,      -- the contract record as UTF-8 JSON (snake_case), like one JSONL line
    appended_at   INTEGER NOT NULL,   -- Unix time in milliseconds (UTC) of the commit
    PRIMARY KEY (partition_no, log_offset)
);

-- One row is one partition of the log: the offset its next record gets, the lowest offset still kept,
-- and the payload bytes kept (for back-pressure without scanning the log at start-up).
CREATE TABLE IF NOT EXISTS event_log_partitions (
    partition_no   INTEGER PRIMARY KEY,
    next_offset    INTEGER NOT NULL,
    start_offset   INTEGER NOT NULL,
    retained_bytes INTEGER NOT NULL
);
