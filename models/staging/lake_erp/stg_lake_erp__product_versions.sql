-- Every version of the ERP product master that landed in the lake (the extracts are a change log):
-- one row per (product_id, updated_at), the latest extraction of that version (a duplicate landed again
-- by a re-run batch is dropped; ingest_date and batch_id break remaining ties). The history the
-- SCD2 dimension dim_product is built from; stg_lake_erp__products keeps only the latest version.

with

source as (

    select * from {{ source('lake_erp', 'products') }}

),

renamed as (

    select
        -- keys
        cast(product_id as {{ dbt.type_bigint() }}) as product_id,
        cast(category_id as {{ dbt.type_bigint() }}) as category_id,

        -- attributes
        sku,
        product_name,
        unit_of_measure,

        -- flags
        {{ to_flag('is_active') }} as is_active,

        -- quantities, amounts and rates
        cast(unit_cost_amount as decimal(18, 2)) as unit_cost_amount,
        cast(list_price_amount as decimal(18, 2)) as list_price_amount,

        -- dates and timestamps
        cast(launched_date as date) as launched_date,

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

{{ dedupe('renamed', partition_by=['product_id', 'updated_at'],
            order_by=['extracted_at desc', 'ingest_date desc', 'batch_id desc']) }}

select
    product_id,
    sku,
    product_name,
    category_id,
    unit_cost_amount,
    list_price_amount,
    unit_of_measure,
    is_active,
    launched_date,
    updated_at,
    ingest_date,
    batch_id,
    extracted_at,
    landed_at
from deduplicated
