-- gold.dim_product (SCD Type 2): one row per version of a product, i.e. per maximal run of consecutive
-- silver product rows (by updated_at) with the same attributes (name, category, subcategory, brand, price,
-- is_active). A version is valid for effective_from <= t < effective_to; the current version ends at
-- 9999-12-31. product_key is a hash of (product_id, effective_from): stable across rebuilds.
CREATE OR REPLACE TABLE gold_build.dim_product AS
WITH changes AS (
    SELECT *,
        {'name': name, 'category': category, 'subcategory': subcategory, 'brand': brand, 'price': price, 'is_active': is_active} AS tracked,
        lag({'name': name, 'category': category, 'subcategory': subcategory, 'brand': brand, 'price': price, 'is_active': is_active})
            OVER (PARTITION BY product_id ORDER BY updated_at, ingestion_time, source_file, line_number) AS previous,
        row_number() OVER (PARTITION BY product_id ORDER BY updated_at, ingestion_time, source_file, line_number) AS position
    FROM silver.products
), versions AS (
    SELECT *, updated_at AS effective_from
    FROM changes
    WHERE position = 1 OR tracked IS DISTINCT FROM previous
), bounded AS (
    SELECT *, lead(effective_from) OVER (PARTITION BY product_id ORDER BY effective_from) AS next_from
    FROM versions
)
SELECT
    cw_key(product_id || '|' || epoch_us(effective_from)) AS product_key,
    product_id, name, category, subcategory, brand, price, is_active,
    effective_from,
    coalesce(next_from, TIMESTAMPTZ '9999-12-31 00:00:00+00') AS effective_to,
    next_from IS NULL AS is_current
FROM bounded
ORDER BY product_id, effective_from;
