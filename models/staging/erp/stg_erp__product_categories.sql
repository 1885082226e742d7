-- ERP product_categories, current state: one row per category_id. Renamed and typed only.

with

source as (

    select * from {{ source('erp', 'product_categories') }}

),

renamed as (

    select
        {{ erp_typed_columns('product_categories') }}

    from source

)

select
    {{ erp_column_list('product_categories') }}
from renamed
