-- ERP fiscal_periods, current state: one row per fiscal_period_id. Renamed and typed only.

with

source as (

    select * from {{ source('erp', 'fiscal_periods') }}

),

renamed as (

    select
        -- keys
        cast(fiscal_period_id as {{ dbt.type_int() }}) as fiscal_period_id,

        -- attributes
        cast(fiscal_year as {{ dbt.type_int() }}) as fiscal_year,
        cast(fiscal_quarter as {{ dbt.type_int() }}) as fiscal_quarter,
        cast(period_number as {{ dbt.type_int() }}) as period_number,

        -- flags
        {{ to_flag('is_closed') }} as is_closed,

        -- dates and timestamps
        cast(period_start_date as date) as period_start_date,
        cast(period_end_date as date) as period_end_date,

        -- metadata
        cast(updated_at as {{ dbt.type_timestamp() }}) as updated_at

    from source

)

select
    fiscal_period_id,
    fiscal_year,
    fiscal_quarter,
    period_number,
    period_start_date,
    period_end_date,
    is_closed,
    updated_at
from renamed
