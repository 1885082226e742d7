-- Deduplicated ERP extract of sales_order_lines: one row per sales_order_line_id, the latest updated_at,
-- then the latest extracted_at (ingest_date and batch_id break remaining ties). Dirty rows are kept.

with

-- implausible _extracted_at (future, before the floor): quarantined, never a watermark
source as (

    select * from {{ source('lake_erp', 'sales_order_lines') }}
    where {{ implausible_time_reason('_extracted_at', 'timestamp') }} is null

),

renamed as (

    select
        -- keys
        cast(sales_order_line_id as {{ dbt.type_bigint() }}) as sales_order_line_id,
        cast(sales_order_id as {{ dbt.type_bigint() }}) as sales_order_id,
        cast(product_id as {{ dbt.type_bigint() }}) as product_id,
        cast(warehouse_id as {{ dbt.type_bigint() }}) as warehouse_id,

        -- attributes
        cast(line_number as {{ dbt.type_int() }}) as line_number,

        -- quantities, amounts and rates
        cast(quantity as {{ dbt.type_int() }}) as quantity,
        cast(unit_price_amount as decimal(18, 2)) as unit_price_amount,
        cast(discount_rate as decimal(5, 4)) as discount_rate,
        cast(line_amount as decimal(18, 2)) as line_amount,

        -- metadata
        cast(updated_at as {{ dbt.type_timestamp() }}) as updated_at,
        -- the partition folder's date; NULL on Synapse (its Hadoop external tables cannot see it)
        {{ landing_partition_date('ingest_date') }} as ingest_date,
        _batch_id as batch_id,
        cast(_extracted_at as {{ dbt.type_timestamp() }}) as extracted_at,
        -- the arrival marker: when the file landed (set by the pipeline), what incremental models load by
        cast(_landed_at as {{ dbt.type_timestamp() }}) as landed_at

    from source

),

{{ dedupe('renamed', partition_by=['sales_order_line_id'],
            order_by=['updated_at desc', 'extracted_at desc', 'ingest_date desc', 'batch_id desc']) }}

select
    sales_order_line_id,
    sales_order_id,
    line_number,
    product_id,
    warehouse_id,
    quantity,
    unit_price_amount,
    discount_rate,
    line_amount,
    updated_at,
    ingest_date,
    batch_id,
    extracted_at,
    landed_at
from deduplicated
