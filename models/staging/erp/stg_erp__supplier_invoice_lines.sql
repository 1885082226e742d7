-- ERP supplier_invoice_lines, current state: one row per supplier_invoice_line_id. Renamed and typed only.

with

source as (

    select * from {{ source('erp', 'supplier_invoice_lines') }}

),

renamed as (

    select
        -- keys
        cast(supplier_invoice_line_id as {{ dbt.type_bigint() }}) as supplier_invoice_line_id,
        cast(supplier_invoice_id as {{ dbt.type_bigint() }}) as supplier_invoice_id,
        cast(purchase_order_line_id as {{ dbt.type_bigint() }}) as purchase_order_line_id,

        -- quantities, amounts and rates
        cast(invoiced_quantity as {{ dbt.type_int() }}) as invoiced_quantity,
        cast(unit_cost_amount as decimal(18, 2)) as unit_cost_amount,
        cast(line_amount as decimal(18, 2)) as line_amount,

        -- metadata
        cast(updated_at as {{ dbt.type_timestamp() }}) as updated_at

    from source

)

select
    supplier_invoice_line_id,
    supplier_invoice_id,
    purchase_order_line_id,
    invoiced_quantity,
    unit_cost_amount,
    line_amount,
    updated_at
from renamed
