-- ERP customers, current state: one row per customer_id. Renamed and typed only.

with

source as (

    select * from {{ source('erp', 'customers') }}

),

renamed as (

    select
        {{ erp_typed_columns('customers') }}

    from source

)

select
    {{ erp_column_list('customers') }}
from renamed
