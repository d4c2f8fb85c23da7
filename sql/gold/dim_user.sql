-- gold.dim_user (SCD Type 2): one row per version of a user profile, i.e. per maximal run of consecutive
-- silver profile rows (by updated_at) with the same tracked attributes (tier, country, state, email, name,
-- phone, device_type). A version is valid for effective_from <= t < effective_to; the current version ends
-- at 9999-12-31. The first version starts at least(first updated_at, signup_date 00:00 UTC) so an order
-- after sign-up always finds one. user_key is a hash of (user_id, effective_from): stable across rebuilds.
CREATE OR REPLACE TABLE gold_build.dim_user AS
WITH profiles AS (
    SELECT *,
        {'tier': tier, 'country': country, 'state': state, 'email': email, 'name': name, 'phone': phone, 'device_type': device_type} AS tracked,
        min(signup_date) OVER (PARTITION BY user_id) AS first_signup_date
    FROM silver.users
), changes AS (
    SELECT *,
        lag(tracked) OVER (PARTITION BY user_id ORDER BY updated_at, ingestion_time, source_file, line_number) AS previous,
        row_number() OVER (PARTITION BY user_id ORDER BY updated_at, ingestion_time, source_file, line_number) AS position
    FROM profiles
), versions AS (
    SELECT *,
        CASE WHEN position = 1 THEN least(updated_at, coalesce(CAST(first_signup_date AS TIMESTAMPTZ), updated_at)) ELSE updated_at END AS effective_from
    FROM changes
    WHERE position = 1 OR tracked IS DISTINCT FROM previous
), bounded AS (
    SELECT *, lead(effective_from) OVER (PARTITION BY user_id ORDER BY effective_from) AS next_from
    FROM versions
)
SELECT
    cw_key(user_id || '|' || epoch_us(effective_from)) AS user_key,
    user_id, email, name, phone, country, state, tier, device_type,
    first_signup_date AS signup_date,
    effective_from,
    coalesce(next_from, TIMESTAMPTZ '9999-12-31 00:00:00+00') AS effective_to,
    next_from IS NULL AS is_current
FROM bounded
ORDER BY user_id, effective_from;
