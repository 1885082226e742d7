-- ERP credit_memos, current state: one row per credit_memo_id. Renamed and typed only.

with

source as (

    select * from {{ source('erp', 'credit_memos') }}

),

renamed as (

    select
        {{ erp_typed_columns('credit_memos') }}

    from source

)

select
    {{ erp_column_list('credit_memos') }}
from renamed
