-- ERP suppliers, current state: one row per supplier_id. Renamed and typed only.

with

source as (

    select * from {{ source('erp', 'suppliers') }}

),

renamed as (

    select
        {{ erp_typed_columns('suppliers') }}

    from source

)

select
    {{ erp_column_list('suppliers') }}
from renamed
