-- ERP shipments, current state: one row per shipment_id. Renamed and typed only.

with

source as (

    select * from {{ source('erp', 'shipments') }}

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
        cast(updated_at as {{ dbt.type_timestamp() }}) as updated_at

    from source

)

select
    shipment_id,
    sales_order_id,
    warehouse_id,
    carrier,
    shipped_at,
    delivered_at,
    shipment_status,
    updated_at
from renamed
