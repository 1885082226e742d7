-- ERP shipment_lines, current state: one row per shipment_line_id. Renamed and typed only.

with

source as (

    select * from {{ source('erp', 'shipment_lines') }}

),

renamed as (

    select
        -- keys
        cast(shipment_line_id as {{ dbt.type_bigint() }}) as shipment_line_id,
        cast(shipment_id as {{ dbt.type_bigint() }}) as shipment_id,
        cast(sales_order_line_id as {{ dbt.type_bigint() }}) as sales_order_line_id,

        -- quantities, amounts and rates
        cast(shipped_quantity as {{ dbt.type_int() }}) as shipped_quantity,

        -- metadata
        cast(updated_at as {{ dbt.type_timestamp() }}) as updated_at

    from source

)

select
    shipment_line_id,
    shipment_id,
    sales_order_line_id,
    shipped_quantity,
    updated_at
from renamed
