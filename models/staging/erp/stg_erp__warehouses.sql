-- ERP warehouses, current state: one row per warehouse_id. Renamed and typed only.

with

source as (

    select * from {{ source('erp', 'warehouses') }}

),

renamed as (

    select
        {{ erp_typed_columns('warehouses') }}

    from source

)

select
    {{ erp_column_list('warehouses') }}
from renamed
