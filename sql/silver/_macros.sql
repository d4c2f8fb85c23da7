-- Helpers of the silver SQL (temporary macros of the warehouse connection). No rows: definitions only.
-- cw_text: a JSON/CSV text value, trimmed, with '' meaning absent.
CREATE OR REPLACE TEMP MACRO cw_text(x) AS NULLIF(trim(x), '');
-- cw_bad: a value is present but did not cast to its type.
CREATE OR REPLACE TEMP MACRO cw_bad(x, typed) AS (cw_text(x) IS NOT NULL AND typed IS NULL);
-- cw_implausible: before 2000-01-01 or more than a day after bronze ingestion.
CREATE OR REPLACE TEMP MACRO cw_implausible(t, ingested) AS
    (t < TIMESTAMPTZ '2000-01-01 00:00:00+00' OR t > ingested + INTERVAL 1 DAY);
-- cw_error: the reason and detail of a rejected record.
CREATE OR REPLACE TEMP MACRO cw_error(reason, detail) AS {'reason': reason, 'detail': detail};
