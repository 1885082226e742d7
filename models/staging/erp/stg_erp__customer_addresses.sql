-- ERP customer_addresses, current state: one row per address_id. Renamed and typed only.

with

source as (

    select * from {{ source('erp', 'customer_addresses') }}

),

renamed as (

    select
        {{ erp_typed_columns('customer_addresses') }}

    from source

)

select
    {{ erp_column_list('customer_addresses') }}
from renamed
