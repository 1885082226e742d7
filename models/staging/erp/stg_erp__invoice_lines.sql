-- ERP invoice_lines, current state: one row per invoice_line_id. Renamed and typed only.

with

source as (

    select * from {{ source('erp', 'invoice_lines') }}

),

renamed as (

    select
        -- keys
        cast(invoice_line_id as {{ dbt.type_bigint() }}) as invoice_line_id,
        cast(invoice_id as {{ dbt.type_bigint() }}) as invoice_id,
        cast(sales_order_line_id as {{ dbt.type_bigint() }}) as sales_order_line_id,
        cast(product_id as {{ dbt.type_bigint() }}) as product_id,

        -- quantities, amounts and rates
        cast(quantity as {{ dbt.type_int() }}) as quantity,
        cast(unit_price_amount as decimal(18, 2)) as unit_price_amount,
        cast(line_amount as decimal(18, 2)) as line_amount,
        cast(tax_rate as decimal(5, 4)) as tax_rate,
        cast(tax_amount as decimal(18, 2)) as tax_amount,

        -- metadata
        cast(updated_at as {{ dbt.type_timestamp() }}) as updated_at

    from source

)

select
    invoice_line_id,
    invoice_id,
    sales_order_line_id,
    product_id,
    quantity,
    unit_price_amount,
    line_amount,
    tax_rate,
    tax_amount,
    updated_at
from renamed
