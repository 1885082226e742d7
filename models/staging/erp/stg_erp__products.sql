-- ERP products, current state: one row per product_id. Renamed and typed only.

with

source as (

    select * from {{ source('erp', 'products') }}

),

renamed as (

    select
        -- keys
        cast(product_id as {{ dbt.type_bigint() }}) as product_id,
        cast(category_id as {{ dbt.type_bigint() }}) as category_id,

        -- attributes
        sku,
        product_name,
        unit_of_measure,

        -- flags
        {{ to_flag('is_active') }} as is_active,

        -- quantities, amounts and rates
        cast(unit_cost_amount as decimal(18, 2)) as unit_cost_amount,
        cast(list_price_amount as decimal(18, 2)) as list_price_amount,

        -- dates and timestamps
        cast(launched_date as date) as launched_date,

        -- metadata
        cast(updated_at as {{ dbt.type_timestamp() }}) as updated_at

    from source

)

select
    product_id,
    sku,
    product_name,
    category_id,
    unit_cost_amount,
    list_price_amount,
    unit_of_measure,
    is_active,
    launched_date,
    updated_at
from renamed
