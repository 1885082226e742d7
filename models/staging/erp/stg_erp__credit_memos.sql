-- ERP credit_memos, current state: one row per credit_memo_id. Renamed and typed only.

with

source as (

    select * from {{ source('erp', 'credit_memos') }}

),

renamed as (

    select
        -- keys
        cast(credit_memo_id as {{ dbt.type_bigint() }}) as credit_memo_id,
        cast(invoice_id as {{ dbt.type_bigint() }}) as invoice_id,
        cast(customer_id as {{ dbt.type_bigint() }}) as customer_id,

        -- attributes
        credit_memo_number,
        rma_number,
        reason_code,

        -- quantities, amounts and rates
        cast(credit_amount as decimal(18, 2)) as credit_amount,

        -- dates and timestamps
        cast(credit_date as date) as credit_date,

        -- metadata
        cast(updated_at as {{ dbt.type_timestamp() }}) as updated_at

    from source

)

select
    credit_memo_id,
    credit_memo_number,
    invoice_id,
    customer_id,
    rma_number,
    credit_date,
    credit_amount,
    reason_code,
    updated_at
from renamed
