-- ERP supplier_invoices, current state: one row per supplier_invoice_id. Renamed and typed only.

with

source as (

    select * from {{ source('erp', 'supplier_invoices') }}

),

renamed as (

    select
        -- keys
        cast(supplier_invoice_id as {{ dbt.type_bigint() }}) as supplier_invoice_id,
        cast(supplier_id as {{ dbt.type_bigint() }}) as supplier_id,
        cast(purchase_order_id as {{ dbt.type_bigint() }}) as purchase_order_id,

        -- attributes
        supplier_invoice_number,
        currency_code,
        invoice_status,

        -- quantities, amounts and rates
        cast(total_amount as decimal(18, 2)) as total_amount,

        -- dates and timestamps
        cast(invoice_date as date) as invoice_date,
        cast(due_date as date) as due_date,

        -- metadata
        cast(updated_at as {{ dbt.type_timestamp() }}) as updated_at

    from source

)

select
    supplier_invoice_id,
    supplier_invoice_number,
    supplier_id,
    purchase_order_id,
    currency_code,
    invoice_date,
    due_date,
    total_amount,
    invoice_status,
    updated_at
from renamed
