-- ERP warehouses, current state: one row per warehouse_id. Renamed and typed only.

with

source as (

    select * from {{ source('erp', 'warehouses') }}

),

renamed as (

    select
        -- keys
        cast(warehouse_id as {{ dbt.type_bigint() }}) as warehouse_id,

        -- attributes
        warehouse_code,
        warehouse_name,
        city,
        country_code,

        -- metadata
        cast(updated_at as {{ dbt.type_timestamp() }}) as updated_at

    from source

)

select
    warehouse_id,
    warehouse_code,
    warehouse_name,
    city,
    country_code,
    updated_at
from renamed
