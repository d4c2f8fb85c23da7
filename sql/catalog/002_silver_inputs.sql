-- Migration 2: the input fingerprint of each current silver partition.
-- One row per kind and date: the fingerprint (SHA-256 over the sorted bronze file checksums and the
-- silver logic version) of the bronze inputs the current build read. A rebuild whose inputs have the
-- same fingerprint is skipped, so a re-run leaves silver (and everything derived from it) bit-for-bit equal.
CREATE TABLE IF NOT EXISTS silver_inputs (
    kind         TEXT NOT NULL,
    dt           TEXT NOT NULL,
    fingerprint  TEXT NOT NULL,
    PRIMARY KEY (kind, dt)
);
