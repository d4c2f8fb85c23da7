-- Silver events, staged: one row per bronze event record of one or more partitions (input relation silver_input, with dt),
-- native and seed004 formats unified into typed columns, with _reason/_detail when the record is
-- rejected and _dup_rank (1 = the first copy of an event_id by ingestion order) when it is accepted.
-- A silver events row is one distinct click event.
WITH parsed AS (
    SELECT json_transform(payload, '{"event_id":"VARCHAR","session_id":"VARCHAR","user_id":"VARCHAR","anonymous_id":"VARCHAR",
        "event_type":"VARCHAR","product_id":"VARCHAR","page_url":"VARCHAR","referrer":"VARCHAR","utm_source":"VARCHAR",
        "utm_medium":"VARCHAR","utm_campaign":"VARCHAR","device":"VARCHAR","os":"VARCHAR","country":"VARCHAR","state":"VARCHAR",
        "ip":"VARCHAR","event_time":"VARCHAR","event_timestamp":"VARCHAR","ingestion_time":"VARCHAR","properties":"VARCHAR",
        "event_details":"VARCHAR"}') AS j,
        ingestion_time, source_file, line_number, dt, raw, payload
    FROM silver_input
), unified AS (
    SELECT *,
        coalesce(cw_text(j.event_time), cw_text(j.event_timestamp)) AS time_text,
        CASE WHEN j.event_details IS NOT NULL
            THEN json_extract_string(j.event_details, ['$.product_id', '$.page_url', '$.referrer', '$.device']) END AS details
    FROM parsed
), typed AS (
    SELECT
        cw_text(j.event_id) AS event_id,
        cw_text(j.session_id) AS session_id,
        cw_text(j.user_id) AS user_id,
        cw_text(j.anonymous_id) AS anonymous_id,
        cw_text(j.event_type) AS event_type,
        coalesce(cw_text(j.product_id), cw_text(details[1])) AS product_id,
        coalesce(cw_text(j.page_url), cw_text(details[2])) AS page_url,
        coalesce(cw_text(j.referrer), cw_text(details[3])) AS referrer,
        cw_text(j.utm_source) AS utm_source,
        cw_text(j.utm_medium) AS utm_medium,
        cw_text(j.utm_campaign) AS utm_campaign,
        coalesce(cw_text(j.device), cw_text(details[4])) AS device,
        cw_text(j.os) AS os,
        cw_text(j.country) AS country,
        cw_text(j.state) AS state,
        cw_text(j.ip) AS ip,
        TRY_CAST(time_text AS TIMESTAMPTZ) AS event_time,
        TRY_CAST(cw_text(j.ingestion_time) AS TIMESTAMPTZ) AS client_ingestion_time,
        coalesce(j.properties, j.event_details) AS properties,
        CASE WHEN j.event_details IS NOT NULL OR j.event_timestamp IS NOT NULL THEN 'seed004' ELSE 'native' END AS source_format,
        ingestion_time, source_file, line_number, dt,
        time_text, j.ingestion_time AS client_ingestion_text, raw, payload
    FROM unified
), checked AS (
    SELECT * EXCLUDE (time_text, client_ingestion_text, raw, payload), CASE
        WHEN event_id IS NULL THEN cw_error('missing_key', 'event_id')
        WHEN session_id IS NULL THEN cw_error('missing_key', 'session_id')
        WHEN event_type IS NULL THEN cw_error('missing_key', 'event_type')
        WHEN time_text IS NULL THEN cw_error('missing_key', 'event_time')
        WHEN event_time IS NULL THEN cw_error('invalid_type', 'event_time')
        WHEN cw_bad(client_ingestion_text, client_ingestion_time) THEN cw_error('invalid_type', 'ingestion_time')
        WHEN event_type NOT IN ('page_view', 'product_view', 'search', 'add_to_cart', 'remove_from_cart', 'checkout_started', 'purchase')
            THEN cw_error('invalid_value', 'event_type')
        WHEN device NOT IN ('desktop', 'mobile', 'tablet') THEN cw_error('invalid_value', 'device')
        WHEN cw_implausible(event_time, ingestion_time) THEN cw_error('invalid_value', 'event_time')
    END AS _err,
    -- The original record only for rejected rows, here: carrying the ~1 KB payload through the dedup window
    -- for every row cost more than the rest of the window.
    CASE WHEN _err IS NOT NULL THEN coalesce(raw, payload) END AS _raw
    FROM typed
)
SELECT
    event_id, session_id, user_id, anonymous_id, event_type, product_id, page_url, referrer, utm_source, utm_medium,
    utm_campaign, device, os, country, state, ip, event_time, client_ingestion_time, properties, source_format,
    ingestion_time, source_file, line_number, dt,
    _err.reason AS _reason, _err.detail AS _detail,
    -- Set by SilverBuilder.Rank after staging: the window over the narrow key columns only (see the header).
    CAST(NULL AS BIGINT) AS _dup_rank,
    _raw
FROM checked
