-- ERP price_lists, current state: one row per price_list_id. Renamed and typed only.

with

source as (

    select * from {{ source('erp', 'price_lists') }}

),

renamed as (

    select
        {{ erp_typed_columns('price_lists') }}

    from source

)

select
    {{ erp_column_list('price_lists') }}
from renamed
