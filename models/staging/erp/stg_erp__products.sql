-- ERP products, current state: one row per product_id. Renamed and typed only.

with

source as (

    select * from {{ source('erp', 'products') }}

),

renamed as (

    select
        {{ erp_typed_columns('products') }}

    from source

)

select
    {{ erp_column_list('products') }}
from renamed
