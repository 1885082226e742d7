-- ERP supplier_payments, current state: one row per supplier_payment_id. Renamed and typed only.

with

source as (

    select * from {{ source('erp', 'supplier_payments') }}

),

renamed as (

    select
        -- keys
        cast(supplier_payment_id as {{ dbt.type_bigint() }}) as supplier_payment_id,
        cast(supplier_invoice_id as {{ dbt.type_bigint() }}) as supplier_invoice_id,

        -- quantities, amounts and rates
        cast(payment_amount as decimal(18, 2)) as payment_amount,

        -- dates and timestamps
        cast(payment_date as date) as payment_date,

        -- metadata
        cast(updated_at as {{ dbt.type_timestamp() }}) as updated_at

    from source

)

select
    supplier_payment_id,
    supplier_invoice_id,
    payment_date,
    payment_amount,
    updated_at
from renamed
