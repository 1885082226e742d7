-- ERP suppliers, current state: one row per supplier_id. Renamed and typed only.

with

source as (

    select * from {{ source('erp', 'suppliers') }}

),

renamed as (

    select
        -- keys
        cast(supplier_id as {{ dbt.type_bigint() }}) as supplier_id,

        -- attributes
        supplier_name,
        country_code,
        currency_code,
        cast(payment_terms_days as {{ dbt.type_int() }}) as payment_terms_days,
        email,
        phone,

        -- metadata
        cast(updated_at as {{ dbt.type_timestamp() }}) as updated_at

    from source

)

select
    supplier_id,
    supplier_name,
    country_code,
    currency_code,
    payment_terms_days,
    email,
    phone,
    updated_at
from renamed
