-- ERP purchase_order_lines, current state: one row per purchase_order_line_id. Renamed and typed only.

with

source as (

    select * from {{ source('erp', 'purchase_order_lines') }}

),

renamed as (

    select
        -- keys
        cast(purchase_order_line_id as {{ dbt.type_bigint() }}) as purchase_order_line_id,
        cast(purchase_order_id as {{ dbt.type_bigint() }}) as purchase_order_id,
        cast(product_id as {{ dbt.type_bigint() }}) as product_id,

        -- attributes
        cast(line_number as {{ dbt.type_int() }}) as line_number,

        -- quantities, amounts and rates
        cast(ordered_quantity as {{ dbt.type_int() }}) as ordered_quantity,
        cast(unit_cost_amount as decimal(18, 2)) as unit_cost_amount,
        cast(line_amount as decimal(18, 2)) as line_amount,

        -- metadata
        cast(updated_at as {{ dbt.type_timestamp() }}) as updated_at

    from source

)

select
    purchase_order_line_id,
    purchase_order_id,
    line_number,
    product_id,
    ordered_quantity,
    unit_cost_amount,
    line_amount,
    updated_at
from renamed
