-- Deduplicated ERP extract of sales_orders: one row per sales_order_id, the latest updated_at,
-- then the latest extracted_at (ingest_date and batch_id break remaining ties). Dirty rows are kept.

with

source as (

    select * from {{ source('lake_erp', 'sales_orders') }}

),

renamed as (

    select
        -- keys
        cast(sales_order_id as {{ dbt.type_bigint() }}) as sales_order_id,
        cast(customer_id as {{ dbt.type_bigint() }}) as customer_id,
        cast(ship_to_address_id as {{ dbt.type_bigint() }}) as ship_to_address_id,
        cast(sales_rep_employee_id as {{ dbt.type_bigint() }}) as sales_rep_employee_id,

        -- attributes
        order_number,
        order_channel,
        currency_code,
        order_status,

        -- dates and timestamps
        cast(order_date as date) as order_date,
        cast(requested_delivery_date as date) as requested_delivery_date,

        -- metadata
        cast(created_at as {{ dbt.type_timestamp() }}) as created_at,
        cast(updated_at as {{ dbt.type_timestamp() }}) as updated_at,
        -- the partition folder's date; NULL on Synapse (its Hadoop external tables cannot see it)
        {{ landing_partition_date('ingest_date') }} as ingest_date,
        _batch_id as batch_id,
        cast(_extracted_at as {{ dbt.type_timestamp() }}) as extracted_at,
        -- the arrival marker: when the file landed (set by the pipeline), what incremental models load by
        cast(_landed_at as {{ dbt.type_timestamp() }}) as landed_at

    from source

),

{{ dedupe('renamed', partition_by=['sales_order_id'],
            order_by=['updated_at desc', 'extracted_at desc', 'ingest_date desc', 'batch_id desc']) }}

select
    sales_order_id,
    order_number,
    customer_id,
    ship_to_address_id,
    order_channel,
    sales_rep_employee_id,
    currency_code,
    order_date,
    requested_delivery_date,
    order_status,
    created_at,
    updated_at,
    ingest_date,
    batch_id,
    extracted_at,
    landed_at
from deduplicated
