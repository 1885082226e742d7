-- ERP customer_contacts, current state: one row per contact_id. Renamed and typed only.

with

source as (

    select * from {{ source('erp', 'customer_contacts') }}

),

renamed as (

    select
        -- keys
        cast(contact_id as {{ dbt.type_bigint() }}) as contact_id,
        cast(customer_id as {{ dbt.type_bigint() }}) as customer_id,

        -- attributes
        first_name,
        last_name,
        email,
        phone,
        contact_role,

        -- metadata
        cast(updated_at as {{ dbt.type_timestamp() }}) as updated_at

    from source

)

select
    contact_id,
    customer_id,
    first_name,
    last_name,
    email,
    phone,
    contact_role,
    updated_at
from renamed
