-- ERP cost_centres, current state: one row per cost_centre_id. Renamed and typed only.

with

source as (

    select * from {{ source('erp', 'cost_centres') }}

),

renamed as (

    select
        {{ erp_typed_columns('cost_centres') }}

    from source

)

select
    {{ erp_column_list('cost_centres') }}
from renamed
