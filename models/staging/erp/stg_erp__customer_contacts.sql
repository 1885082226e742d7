-- ERP customer_contacts, current state: one row per contact_id. Renamed and typed only.

with

source as (

    select * from {{ source('erp', 'customer_contacts') }}

),

renamed as (

    select
        {{ erp_typed_columns('customer_contacts') }}

    from source

)

select
    {{ erp_column_list('customer_contacts') }}
from renamed
