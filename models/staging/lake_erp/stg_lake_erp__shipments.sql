-- Deduplicated ERP extract of shipments: one row per shipment_id, the latest updated_at,
-- then the latest extracted_at (ingest_date and batch_id break remaining ties). Dirty rows are kept.

with

source as (

    select * from {{ source('lake_erp', 'shipments') }}

),

renamed as (

    select
        -- keys
        cast(shipment_id as {{ dbt.type_bigint() }}) as shipment_id,
        cast(sales_order_id as {{ dbt.type_bigint() }}) as sales_order_id,
        cast(warehouse_id as {{ dbt.type_bigint() }}) as warehouse_id,

        -- attributes
        carrier,
        shipment_status,

        -- dates and timestamps
        cast(shipped_at as {{ dbt.type_timestamp() }}) as shipped_at,
        cast(delivered_at as {{ dbt.type_timestamp() }}) as delivered_at,

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

{{ dedupe('renamed', partition_by=['shipment_id'],
            order_by=['updated_at desc', 'extracted_at desc', 'ingest_date desc', 'batch_id desc']) }}

select
    shipment_id,
    sales_order_id,
    warehouse_id,
    carrier,
    shipped_at,
    delivered_at,
    shipment_status,
    updated_at,
    ingest_date,
    batch_id,
    extracted_at,
    landed_at
from deduplicated
