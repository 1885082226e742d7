-- ERP price_lists, current state: one row per price_list_id. Renamed and typed only.

with

source as (

    select * from {{ source('erp', 'price_lists') }}

),

renamed as (

    select
        -- keys
        cast(price_list_id as {{ dbt.type_bigint() }}) as price_list_id,
        cast(product_id as {{ dbt.type_bigint() }}) as product_id,

        -- attributes
        currency_code,

        -- quantities, amounts and rates
        cast(unit_price_amount as decimal(18, 2)) as unit_price_amount,

        -- dates and timestamps
        cast(valid_from_date as date) as valid_from_date,
        cast(valid_to_date as date) as valid_to_date,

        -- metadata
        cast(updated_at as {{ dbt.type_timestamp() }}) as updated_at

    from source

)

select
    price_list_id,
    product_id,
    currency_code,
    unit_price_amount,
    valid_from_date,
    valid_to_date,
    updated_at
from renamed
