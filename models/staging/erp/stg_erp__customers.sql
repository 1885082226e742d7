-- ERP customers, current state: one row per customer_id. Renamed and typed only.

with

source as (

    select * from {{ source('erp', 'customers') }}

),

renamed as (

    select
        -- keys
        cast(customer_id as {{ dbt.type_bigint() }}) as customer_id,

        -- attributes
        customer_number,
        customer_name,
        email,
        phone,
        segment,
        country_code,
        currency_code,
        cast(payment_terms_days as {{ dbt.type_int() }}) as payment_terms_days,

        -- flags
        {{ to_flag('is_active') }} as is_active,

        -- quantities, amounts and rates
        cast(credit_limit_amount as decimal(18, 2)) as credit_limit_amount,

        -- metadata
        cast(created_at as {{ dbt.type_timestamp() }}) as created_at,
        cast(updated_at as {{ dbt.type_timestamp() }}) as updated_at

    from source

)

select
    customer_id,
    customer_number,
    customer_name,
    email,
    phone,
    segment,
    country_code,
    currency_code,
    credit_limit_amount,
    payment_terms_days,
    is_active,
    created_at,
    updated_at
from renamed
