-- Silver orders, staged: one row per bronze order version of one or more partitions (input relation silver_input, with dt),
-- typed, with _reason/_detail when rejected and _dup_rank (1 = the latest version of an order_id by
-- updated_at; ties go to the later ingested copy) when accepted. A silver orders row is the latest
-- version of one order; items is its lines (line_number = 1-based position in the order's items).
WITH parsed AS (
    SELECT json_transform(payload, '{"order_id":"VARCHAR","user_id":"VARCHAR","session_id":"VARCHAR","status":"VARCHAR",
        "currency":"VARCHAR","items":[{"product_id":"VARCHAR","quantity":"VARCHAR","unit_price":"VARCHAR","discount":"VARCHAR"}],
        "shipping":"VARCHAR","tax":"VARCHAR","payment_method":"VARCHAR","created_at":"VARCHAR","updated_at":"VARCHAR"}') AS j,
        ingestion_time, source_file, line_number, dt, raw, payload
    FROM silver_input
), typed AS (
    SELECT
        cw_text(j.order_id) AS order_id,
        cw_text(j.user_id) AS user_id,
        cw_text(j.session_id) AS session_id,
        cw_text(j.status) AS status,
        cw_text(j.currency) AS currency,
        list_transform(j.items, (x, i) -> {
            'line_number': CAST(i AS INTEGER),
            'product_id': cw_text(x.product_id),
            'quantity': TRY_CAST(x.quantity AS INTEGER),
            'unit_price': TRY_CAST(x.unit_price AS DECIMAL(18, 2)),
            'discount': coalesce(TRY_CAST(x.discount AS DECIMAL(18, 2)), CAST(0 AS DECIMAL(18, 2)))}) AS items,
        list_bool_or(list_transform(j.items, x -> cw_bad(x.discount, TRY_CAST(x.discount AS DECIMAL(18, 2))))) AS bad_discount,
        coalesce(TRY_CAST(j.shipping AS DECIMAL(18, 2)), CAST(0 AS DECIMAL(18, 2))) AS shipping,
        coalesce(TRY_CAST(j.tax AS DECIMAL(18, 2)), CAST(0 AS DECIMAL(18, 2))) AS tax,
        cw_text(j.payment_method) AS payment_method,
        TRY_CAST(j.created_at AS TIMESTAMPTZ) AS created_at,
        TRY_CAST(coalesce(cw_text(j.updated_at), cw_text(j.created_at)) AS TIMESTAMPTZ) AS updated_at,
        j AS text, ingestion_time, source_file, line_number, dt, raw, payload
    FROM parsed
), checked AS (
    SELECT *, CASE
        WHEN order_id IS NULL THEN cw_error('missing_key', 'order_id')
        WHEN status IS NULL THEN cw_error('missing_key', 'status')
        WHEN cw_text(text.created_at) IS NULL THEN cw_error('missing_key', 'created_at')
        WHEN created_at IS NULL THEN cw_error('invalid_type', 'created_at')
        WHEN updated_at IS NULL THEN cw_error('invalid_type', 'updated_at')
        WHEN items IS NULL THEN cw_error('invalid_type', 'items')
        WHEN list_bool_or(list_transform(items, x -> x.product_id IS NULL)) THEN cw_error('missing_key', 'items.product_id')
        WHEN list_bool_or(list_transform(items, x -> x.quantity IS NULL)) THEN cw_error('invalid_type', 'items.quantity')
        WHEN list_bool_or(list_transform(items, x -> x.unit_price IS NULL)) THEN cw_error('invalid_type', 'items.unit_price')
        WHEN bad_discount THEN cw_error('invalid_type', 'items.discount')
        WHEN cw_bad(text.shipping, TRY_CAST(text.shipping AS DECIMAL(18, 2))) THEN cw_error('invalid_type', 'shipping')
        WHEN cw_bad(text.tax, TRY_CAST(text.tax AS DECIMAL(18, 2))) THEN cw_error('invalid_type', 'tax')
        WHEN status NOT IN ('pending', 'completed', 'failed', 'refunded', 'cancelled') THEN cw_error('invalid_value', 'status')
        WHEN list_bool_or(list_transform(items, x -> x.quantity < 0)) THEN cw_error('invalid_value', 'items.quantity')
        WHEN list_bool_or(list_transform(items, x -> x.unit_price < 0)) THEN cw_error('invalid_value', 'items.unit_price')
        WHEN list_bool_or(list_transform(items, x -> x.discount < 0)) THEN cw_error('invalid_value', 'items.discount')
        WHEN shipping < 0 THEN cw_error('invalid_value', 'shipping')
        WHEN tax < 0 THEN cw_error('invalid_value', 'tax')
        WHEN cw_implausible(created_at, ingestion_time) THEN cw_error('invalid_value', 'created_at')
        WHEN cw_implausible(updated_at, ingestion_time) THEN cw_error('invalid_value', 'updated_at')
    END AS _err
    FROM typed
)
SELECT
    order_id, user_id, session_id, status, currency, items, shipping, tax,
    CAST(coalesce(list_sum(list_transform(items, x -> x.quantity * x.unit_price - x.discount)), 0) + tax + shipping AS DECIMAL(18, 2)) AS order_total,
    payment_method, created_at, updated_at, ingestion_time, source_file, line_number, dt,
    _err.reason AS _reason, _err.detail AS _detail,
    -- Set by SilverBuilder.Rank after staging: the window over the narrow key columns only (see the header).
    CAST(NULL AS BIGINT) AS _dup_rank,
    CASE WHEN _err IS NOT NULL THEN coalesce(raw, payload) END AS _raw
FROM checked
