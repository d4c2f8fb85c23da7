-- gold.dim_channel: one row per acquisition channel combination seen on a session's first event: utm source,
-- medium and campaign, the referrer class (direct, search, social, email, referral) and the channel derived
-- from them (cw_channel in sql/gold/_macros.sql). channel_key is a hash of the four attributes: stable across
-- rebuilds. One extra row, referrer_class = channel = 'unknown', stands for sales whose session has no events.
CREATE OR REPLACE TABLE gold_build.dim_channel AS
SELECT DISTINCT channel_key, utm_source, utm_medium, utm_campaign, referrer_class, channel
FROM gold_build.fact_sessions
UNION
SELECT cw_channel_key(NULL, NULL, NULL, 'unknown'), NULL, NULL, NULL, 'unknown', 'unknown'
ORDER BY channel, utm_source NULLS FIRST, utm_medium NULLS FIRST, utm_campaign NULLS FIRST, referrer_class;
