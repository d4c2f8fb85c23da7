-- Silver users, staged: one row per bronze profile version of one or more partitions (input relation silver_input, with dt),
-- native and seed004 formats unified (seed004 rows have no updated_at: their version time is signup_date
-- at 00:00 UTC), with _reason/_detail when rejected and _dup_rank (1 = the first copy of a (user_id,
-- updated_at) version by ingestion order) when accepted. A silver users row is one version of a profile.
WITH parsed AS (
    SELECT json_transform(payload, '{"user_id":"VARCHAR","email":"VARCHAR","name":"VARCHAR","phone":"VARCHAR","country":"VARCHAR",
        "state":"VARCHAR","tier":"VARCHAR","device_type":"VARCHAR","signup_date":"VARCHAR","updated_at":"VARCHAR"}') AS j,
        ingestion_time, source_file, line_number, dt, raw, payload
    FROM silver_input
), typed AS (
    SELECT
        cw_text(j.user_id) AS user_id,
        cw_text(j.email) AS email,
        cw_text(j.name) AS name,
        cw_text(j.phone) AS phone,
        cw_text(j.country) AS country,
        cw_text(j.state) AS state,
        cw_text(j.tier) AS tier,
        cw_text(j.device_type) AS device_type,
        TRY_CAST(cw_text(j.signup_date) AS DATE) AS signup_date,
        coalesce(TRY_CAST(cw_text(j.updated_at) AS TIMESTAMPTZ), CAST(TRY_CAST(cw_text(j.signup_date) AS DATE) AS TIMESTAMPTZ)) AS updated_at,
        CASE WHEN cw_text(j.updated_at) IS NULL THEN 'seed004' ELSE 'native' END AS source_format,
        j AS text, ingestion_time, source_file, line_number, dt, raw, payload
    FROM parsed
), checked AS (
    SELECT *, CASE
        WHEN user_id IS NULL THEN cw_error('missing_key', 'user_id')
        WHEN cw_bad(text.signup_date, signup_date) THEN cw_error('invalid_type', 'signup_date')
        WHEN cw_bad(text.updated_at, TRY_CAST(cw_text(text.updated_at) AS TIMESTAMPTZ)) THEN cw_error('invalid_type', 'updated_at')
        WHEN updated_at IS NULL THEN cw_error('missing_key', 'updated_at')
        WHEN tier NOT IN ('free', 'premium', 'vip') THEN cw_error('invalid_value', 'tier')
        WHEN NOT regexp_full_match(email, '[^@\s]+@[^@\s]+\.[^@\s]+') THEN cw_error('invalid_value', 'email')
        WHEN cw_implausible(updated_at, ingestion_time) THEN cw_error('invalid_value', 'updated_at')
    END AS _err
    FROM typed
)
SELECT
    user_id, email, name, phone, country, state, tier, device_type, signup_date, updated_at, source_format,
    ingestion_time, source_file, line_number, dt,
    _err.reason AS _reason, _err.detail AS _detail,
    -- Set by SilverBuilder.Rank after staging: the window over the narrow key columns only (see the header).
    CAST(NULL AS BIGINT) AS _dup_rank,
    CASE WHEN _err IS NOT NULL THEN coalesce(raw, payload) END AS _raw
FROM checked
