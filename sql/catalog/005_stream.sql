-- Migration 5: the stream processor (issue 3). Everything here is written in the same transaction as the
-- bronze files of a micro-batch (CatalogStore.CommitStreamBatch), so positions, bronze and the real-time
-- checkpoint never disagree after a crash. Record accounting per kind goes to `batches` (stage 'stream').

-- One row per source and partition: the offset of the next record to consume (everything below it is in
-- committed bronze files, in quarantine, or was a dropped duplicate).
CREATE TABLE IF NOT EXISTS source_positions (
    source       TEXT NOT NULL,       -- 'log' for the embedded event log / Kafka topic set
    partition    INTEGER NOT NULL,
    next_offset  INTEGER NOT NULL CHECK (next_offset >= 0),
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (source, partition)
);

-- One row per committed micro-batch: its record accounting over all kinds, and how its accepted records
-- met the watermark (on time: added to the windows; late: counted only, the batch layer's lookback has them).
CREATE TABLE IF NOT EXISTS stream_batches (
    batch_id      TEXT PRIMARY KEY,
    source        TEXT NOT NULL,
    received      INTEGER NOT NULL,
    accepted      INTEGER NOT NULL,
    quarantined   INTEGER NOT NULL,
    duplicates    INTEGER NOT NULL,
    on_time       INTEGER NOT NULL,
    late          INTEGER NOT NULL,
    watermark     TEXT,               -- ISO 8601 UTC after the batch; NULL before the first timed record
    committed_at  TEXT NOT NULL,
    CHECK (received = accepted + quarantined + duplicates),
    CHECK (accepted = on_time + late)
);

-- The real-time state (windows, top-N, funnel, sessions, stock, totals) after the last committed micro-batch,
-- as JSON; one row per source, replaced on every commit. Restored on start, then the log from source_positions.
CREATE TABLE IF NOT EXISTS stream_checkpoints (
    source    TEXT PRIMARY KEY,
    batch_id  TEXT NOT NULL,
    state     TEXT NOT NULL,
    saved_at  TEXT NOT NULL
);
