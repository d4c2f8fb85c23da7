-- Silver inventory, staged: one row per bronze inventory update of one or more partitions (input relation silver_input, with dt),
-- typed, with _reason/_detail when rejected and _dup_rank (1 = the first copy of an update_id by
-- ingestion order) when accepted. A silver inventory row is one distinct stock change of a product in a warehouse.
WITH parsed AS (
    SELECT json_transform(payload, '{"update_id":"VARCHAR","product_id":"VARCHAR","warehouse_id":"VARCHAR","on_hand":"VARCHAR",
        "delta":"VARCHAR","reason":"VARCHAR","event_time":"VARCHAR"}') AS j,
        ingestion_time, source_file, line_number, dt, raw, payload
    FROM silver_input
), typed AS (
    SELECT
        cw_text(j.update_id) AS update_id,
        cw_text(j.product_id) AS product_id,
        cw_text(j.warehouse_id) AS warehouse_id,
        TRY_CAST(j.on_hand AS INTEGER) AS on_hand,
        TRY_CAST(j.delta AS INTEGER) AS delta,
        cw_text(j.reason) AS reason,
        TRY_CAST(j.event_time AS TIMESTAMPTZ) AS event_time,
        j AS text, ingestion_time, source_file, line_number, dt, raw, payload
    FROM parsed
), checked AS (
    SELECT *, CASE
        WHEN update_id IS NULL THEN cw_error('missing_key', 'update_id')
        WHEN product_id IS NULL THEN cw_error('missing_key', 'product_id')
        WHEN cw_text(text.event_time) IS NULL THEN cw_error('missing_key', 'event_time')
        WHEN event_time IS NULL THEN cw_error('invalid_type', 'event_time')
        WHEN cw_bad(text.on_hand, on_hand) THEN cw_error('invalid_type', 'on_hand')
        WHEN cw_bad(text.delta, delta) THEN cw_error('invalid_type', 'delta')
        WHEN reason NOT IN ('sale', 'restock', 'return', 'adjustment') THEN cw_error('invalid_value', 'reason')
        WHEN on_hand < 0 THEN cw_error('invalid_value', 'on_hand')
        WHEN cw_implausible(event_time, ingestion_time) THEN cw_error('invalid_value', 'event_time')
    END AS _err
    FROM typed
)
SELECT
    update_id, product_id, warehouse_id, on_hand, delta, reason, event_time, ingestion_time, source_file, line_number, dt,
    _err.reason AS _reason, _err.detail AS _detail,
    -- Set by SilverBuilder.Rank after staging: the window over the narrow key columns only (see the header).
    CAST(NULL AS BIGINT) AS _dup_rank,
    CASE WHEN _err IS NOT NULL THEN coalesce(raw, payload) END AS _raw
FROM checked
