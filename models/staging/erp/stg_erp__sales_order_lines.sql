-- ERP sales_order_lines, current state: one row per sales_order_line_id. Renamed and typed only.

with

source as (

    select * from {{ source('erp', 'sales_order_lines') }}

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
        cast(updated_at as {{ dbt.type_timestamp() }}) as updated_at

    from source

)

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
    updated_at
from renamed
