-- The event log stores one row per (append request, partition) instead of one row per record (issue 3 §7):
-- a Segment batch of 500 messages is ~4 inserts instead of 500. Offsets stay per record (IEventLog): a chunk
-- holds the records first_offset … first_offset + record_count − 1 of its partition, in offset order.
-- Rows of event_log (written before this migration) stay readable and are read before the chunks; new
-- records go only here. A chunk is deleted once every record in it is below the partition's start_offset.
CREATE TABLE IF NOT EXISTS event_log_chunks (
    partition_no   INTEGER NOT NULL,
    first_offset   INTEGER NOT NULL,
    record_count   INTEGER NOT NULL,
    payload_bytes  INTEGER NOT NULL,  -- the sum of the records' payload lengths (event_log_partitions.retained_bytes)
    records        BLOB NOT NULL,     -- per record, little-endian int32 lengths: kind length, kind (UTF-8),
                                      -- key length (−1: null), key (UTF-8), payload length, payload (contract JSON)
    appended_at    INTEGER NOT NULL,  -- Unix time in milliseconds (UTC) of the commit
    PRIMARY KEY (partition_no, first_offset)
);
