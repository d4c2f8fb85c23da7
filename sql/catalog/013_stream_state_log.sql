-- Migration 13: the real-time checkpoint as a log of parts instead of one JSON blob rewritten per micro-batch.
-- One row per part: a full snapshot of the store now and then, and after it one small delta per committed batch
-- (the keys the batch changed, each with its whole new value, or deleted). Written in the micro-batch's commit
-- transaction (CatalogStore.CommitStreamBatch), so the parts always describe exactly the committed records.
-- The state = the last full part + every later delta, in seq order; a new full part deletes the parts before it.
-- Encoding: Cartwheel.Streaming.StateLogPart (binary). A catalog from before this migration keeps its last
-- stream_checkpoints row, which is read until the first full part replaces it.
CREATE TABLE IF NOT EXISTS stream_state_log (
    source    TEXT NOT NULL,
    seq       INTEGER NOT NULL,                      -- increasing per source
    batch_id  TEXT NOT NULL,                         -- the micro-batch whose commit wrote it
    is_full   INTEGER NOT NULL CHECK (is_full IN (0, 1)),
    state     BLOB NOT NULL,
    saved_at  TEXT NOT NULL,
    PRIMARY KEY (source, seq)
);
