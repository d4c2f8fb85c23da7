-- Silver products, staged: one row per bronze product version of one or more partitions (input relation silver_input, with dt),
-- typed, with _reason/_detail when rejected and _dup_rank (1 = the first copy of a (product_id,
-- updated_at) version by ingestion order) when accepted. A silver products row is one version of a product.
WITH parsed AS (
    SELECT json_transform(payload, '{"product_id":"VARCHAR","name":"VARCHAR","category":"VARCHAR","subcategory":"VARCHAR",
        "brand":"VARCHAR","price":"VARCHAR","is_active":"VARCHAR","updated_at":"VARCHAR"}') AS j,
        ingestion_time, source_file, line_number, dt, raw, payload
    FROM silver_input
), typed AS (
    SELECT
        cw_text(j.product_id) AS product_id,
        cw_text(j.name) AS name,
        cw_text(j.category) AS category,
        cw_text(j.subcategory) AS subcategory,
        cw_text(j.brand) AS brand,
        TRY_CAST(j.price AS DECIMAL(18, 2)) AS price,
        TRY_CAST(cw_text(j.is_active) AS BOOLEAN) AS is_active,
        TRY_CAST(cw_text(j.updated_at) AS TIMESTAMPTZ) AS updated_at,
        j AS text, ingestion_time, source_file, line_number, dt, raw, payload
    FROM parsed
), checked AS (
    SELECT *, CASE
        WHEN product_id IS NULL THEN cw_error('missing_key', 'product_id')
        WHEN cw_text(text.updated_at) IS NULL THEN cw_error('missing_key', 'updated_at')
        WHEN updated_at IS NULL THEN cw_error('invalid_type', 'updated_at')
        WHEN cw_bad(text.price, price) THEN cw_error('invalid_type', 'price')
        WHEN cw_bad(text.is_active, is_active) THEN cw_error('invalid_type', 'is_active')
        WHEN price < 0 THEN cw_error('invalid_value', 'price')
        WHEN cw_implausible(updated_at, ingestion_time) THEN cw_error('invalid_value', 'updated_at')
    END AS _err
    FROM typed
)
SELECT
    product_id, name, category, subcategory, brand, price, is_active, updated_at, ingestion_time, source_file, line_number, dt,
    _err.reason AS _reason, _err.detail AS _detail,
    -- Set by SilverBuilder.Rank after staging: the window over the narrow key columns only (see the header).
    CAST(NULL AS BIGINT) AS _dup_rank,
    CASE WHEN _err IS NOT NULL THEN coalesce(raw, payload) END AS _raw
FROM checked
