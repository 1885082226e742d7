-- One row per review_id: the latest submitted version. Every line of the JSON-lines files is read as
-- one JSON text (`json`) on every engine; the properties are extracted here.
with

source as (
    select * from {{ source('lake_catalog', 'product_reviews') }}
),

extracted as (
    select
        {{ json_value('json', '$.review_id') }} as review_id,
        {{ json_value('json', '$.product_sku') }} as product_sku,
        {{ json_value('json', '$.customer_id') }} as customer_id,
        {{ json_value('json', '$.rating') }} as rating,
        {{ json_value('json', '$.title') }} as review_title,
        {{ json_value('json', '$.body') }} as body,
        {{ json_value('json', '$.submitted_at') }} as submitted_at,
        {{ json_value('json', '$.reviewer.display_name') }} as reviewer_display_name,
        {{ json_value('json', '$.reviewer.verified_buyer') }} as reviewer_verified_buyer,
        {{ json_value('json', '$.reviewer.country_code') }} as reviewer_country_code,
        {{ json_array_length('json', '$.tags') }} as tag_count,
        {{ landing_partition_date('ingest_date') }} as ingest_date
    from source
),

typed as (
    select
        -- keys
        review_id,
        product_sku,
        {{ try_cast_text('customer_id', 'bigint') }} as customer_id,
        -- attributes
        {{ try_cast_text('rating', 'integer') }} as rating,
        review_title,
        cast({{ dbt.length('body') }} as {{ dbt.type_int() }}) as body_length,
        reviewer_display_name,
        reviewer_country_code,
        tag_count,
        -- flags (JSON true/false; NULL when the reviewer object or the property is missing)
        cast(
            case reviewer_verified_buyer when 'true' then 1 when 'false' then 0 end
            as {{ dbt.type_int() }}
        ) as is_verified_buyer,
        -- timestamps (UTC)
        {{ try_cast_text('submitted_at', 'timestamp') }} as submitted_at,
        ingest_date
    from extracted
),

{{ dedupe('typed', ['review_id'], ['submitted_at desc', 'ingest_date desc']) }}

select
    review_id,
    product_sku,
    customer_id,
    rating,
    review_title,
    body_length,
    submitted_at,
    reviewer_display_name,
    is_verified_buyer,
    reviewer_country_code,
    tag_count
from deduplicated
