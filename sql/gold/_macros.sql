-- Helpers of the gold SQL (temporary macros of the warehouse connection). No rows: definitions only.
-- cw_key: a surrogate key from a natural key text: the first 60 bits of its md5, stable across rebuilds.
CREATE OR REPLACE TEMP MACRO cw_key(natural_key) AS CAST(('0x' || left(md5(natural_key), 15)) AS BIGINT);
-- cw_date_key: yyyymmdd of a date.
CREATE OR REPLACE TEMP MACRO cw_date_key(d) AS CAST(year(d) * 10000 + month(d) * 100 + day(d) AS INTEGER);
-- cw_referrer_class: direct (no referrer), search, social, email or referral, from the referrer URL's host.
CREATE OR REPLACE TEMP MACRO cw_referrer_class(referrer) AS CASE
    WHEN referrer IS NULL OR trim(referrer) = '' THEN 'direct'
    WHEN regexp_matches(lower(referrer), '(google|bing|duckduckgo|yahoo|baidu|yandex|ecosia)\.') THEN 'search'
    WHEN regexp_matches(lower(referrer), '(facebook|instagram|twitter|t\.co|x\.com|tiktok|linkedin|pinterest|reddit|youtube)') THEN 'social'
    WHEN regexp_matches(lower(referrer), '(mail\.|outlook\.|gmail)') THEN 'email'
    ELSE 'referral' END;
-- cw_channel: the marketing channel of a session's first event: its utm_medium when tagged, else its referrer class.
CREATE OR REPLACE TEMP MACRO cw_channel(utm_source, utm_medium, referrer_class) AS CASE
    WHEN lower(utm_medium) IN ('cpc', 'ppc', 'paid', 'paidsearch', 'paid_search', 'sem') THEN 'paid_search'
    WHEN lower(utm_medium) IN ('paid_social', 'paidsocial', 'social', 'social_paid') THEN 'social'
    WHEN lower(utm_medium) IN ('email', 'newsletter') THEN 'email'
    WHEN lower(utm_medium) IN ('affiliate', 'partner') THEN 'affiliate'
    WHEN lower(utm_medium) IN ('display', 'banner', 'cpm') THEN 'display'
    WHEN utm_source IS NOT NULL OR utm_medium IS NOT NULL THEN 'other_campaign'
    WHEN referrer_class = 'search' THEN 'organic_search'
    ELSE referrer_class END;
-- cw_channel_key: the surrogate key of a dim_channel row.
CREATE OR REPLACE TEMP MACRO cw_channel_key(utm_source, utm_medium, utm_campaign, referrer_class) AS
    cw_key(coalesce(utm_source, '') || '|' || coalesce(utm_medium, '') || '|' || coalesce(utm_campaign, '') || '|' || referrer_class);
-- cw_round_div: c / n rounded half away from zero, exactly, on DECIMAL(18,2) c and integer n > 0 (in cents).
CREATE OR REPLACE TEMP MACRO cw_round_div(c, n) AS
    CAST(CAST(sign(CAST(c * 100 AS BIGINT)) * ((2 * abs(CAST(c * 100 AS BIGINT)) + n) // (2 * n)) AS DECIMAL(18, 0)) * 0.01 AS DECIMAL(18, 2));
-- cw_rate: a ratio of counts rounded to 4 decimals; NULL when the denominator is 0.
CREATE OR REPLACE TEMP MACRO cw_rate(num, den) AS CASE WHEN den = 0 THEN NULL ELSE CAST(round(num / den, 4) AS DECIMAL(9, 4)) END;

-- The UTC date of a TIMESTAMPTZ (what CAST(t AS DATE) gives in the warehouse's UTC session) in integer arithmetic on
-- its epoch microseconds: the cast goes through the ICU calendar, which cost about a third of fact_events_daily.
CREATE OR REPLACE TEMP MACRO cw_utc_date(t) AS
    DATE '1970-01-01' + CAST((epoch_us(t) - (epoch_us(t) % 86400000000 + 86400000000) % 86400000000) // 86400000000 AS INTEGER);
