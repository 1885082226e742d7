-- ERP payments, current state: one row per payment_id. Renamed and typed only.

with

source as (

    select * from {{ source('erp', 'payments') }}

),

renamed as (

    select
        -- keys
        cast(payment_id as {{ dbt.type_bigint() }}) as payment_id,
        cast(invoice_id as {{ dbt.type_bigint() }}) as invoice_id,
        cast(customer_id as {{ dbt.type_bigint() }}) as customer_id,

        -- attributes
        payment_method,

        -- quantities, amounts and rates
        cast(payment_amount as decimal(18, 2)) as payment_amount,

        -- dates and timestamps
        cast(payment_date as date) as payment_date,

        -- metadata
        cast(updated_at as {{ dbt.type_timestamp() }}) as updated_at

    from source

)

select
    payment_id,
    invoice_id,
    customer_id,
    payment_date,
    payment_amount,
    payment_method,
    updated_at
from renamed
