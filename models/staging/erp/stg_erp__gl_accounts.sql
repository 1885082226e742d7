-- ERP gl_accounts, current state: one row per account_id. Renamed and typed only.

with

source as (

    select * from {{ source('erp', 'gl_accounts') }}

),

renamed as (

    select
        {{ erp_typed_columns('gl_accounts') }}

    from source

)

select
    {{ erp_column_list('gl_accounts') }}
from renamed
