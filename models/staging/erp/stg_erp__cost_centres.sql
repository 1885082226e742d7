-- ERP cost_centres, current state: one row per cost_centre_id. Renamed and typed only.

with

source as (

    select * from {{ source('erp', 'cost_centres') }}

),

renamed as (

    select
        -- keys
        cast(cost_centre_id as {{ dbt.type_bigint() }}) as cost_centre_id,
        cast(manager_employee_id as {{ dbt.type_bigint() }}) as manager_employee_id,

        -- attributes
        cost_centre_code,
        cost_centre_name,
        department,

        -- metadata
        cast(updated_at as {{ dbt.type_timestamp() }}) as updated_at

    from source

)

select
    cost_centre_id,
    cost_centre_code,
    cost_centre_name,
    department,
    manager_employee_id,
    updated_at
from renamed
