-- ERP payments, current state: one row per payment_id. Renamed and typed only.

with

source as (

    select * from {{ source('erp', 'payments') }}

),

renamed as (

    select
        {{ erp_typed_columns('payments') }}

    from source

)

select
    {{ erp_column_list('payments') }}
from renamed
