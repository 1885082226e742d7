-- ERP fiscal_periods, current state: one row per fiscal_period_id. Renamed and typed only.

with

source as (

    select * from {{ source('erp', 'fiscal_periods') }}

),

renamed as (

    select
        {{ erp_typed_columns('fiscal_periods') }}

    from source

)

select
    {{ erp_column_list('fiscal_periods') }}
from renamed
