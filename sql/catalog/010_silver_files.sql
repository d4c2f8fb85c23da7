-- Migration 10: the files a silver partition gained by appends.
-- A silver partition is its base file (silver_partitions.path, written by a full build or a rewrite) plus the
-- files appended to it since (one per append of new bronze files, holding only the rows that were not in the
-- partition yet). A full build or rewrite of the partition deletes its rows here. Existing catalogs need no data
-- change: a partition without rows here is its base file alone.
CREATE TABLE IF NOT EXISTS silver_files (
    kind       TEXT NOT NULL,
    dt         TEXT NOT NULL,
    path       TEXT NOT NULL,      -- relative to the data directory
    row_count  INTEGER NOT NULL,
    batch_id   TEXT NOT NULL,
    PRIMARY KEY (kind, dt, path)
);
