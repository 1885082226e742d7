-- ERP customer_addresses, current state: one row per address_id. Renamed and typed only.

with

source as (

    select * from {{ source('erp', 'customer_addresses') }}

),

renamed as (

    select
        -- keys
        cast(address_id as {{ dbt.type_bigint() }}) as address_id,
        cast(customer_id as {{ dbt.type_bigint() }}) as customer_id,

        -- attributes
        address_type,
        address_line,
        city,
        region,
        postal_code,
        country_code,

        -- flags
        {{ to_flag('is_primary') }} as is_primary,

        -- metadata
        cast(updated_at as {{ dbt.type_timestamp() }}) as updated_at

    from source

)

select
    address_id,
    customer_id,
    address_type,
    address_line,
    city,
    region,
    postal_code,
    country_code,
    is_primary,
    updated_at
from renamed
