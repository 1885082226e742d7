-- ERP product_categories, current state: one row per category_id. Renamed and typed only.

with

source as (

    select * from {{ source('erp', 'product_categories') }}

),

renamed as (

    select
        -- keys
        cast(category_id as {{ dbt.type_bigint() }}) as category_id,
        cast(parent_category_id as {{ dbt.type_bigint() }}) as parent_category_id,

        -- attributes
        category_name,

        -- metadata
        cast(updated_at as {{ dbt.type_timestamp() }}) as updated_at

    from source

)

select
    category_id,
    category_name,
    parent_category_id,
    updated_at
from renamed
