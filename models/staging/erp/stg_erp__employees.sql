-- ERP employees, current state: one row per employee_id. Renamed and typed only.

with

source as (

    select * from {{ source('erp', 'employees') }}

),

renamed as (

    select
        -- keys
        cast(employee_id as {{ dbt.type_bigint() }}) as employee_id,
        cast(manager_employee_id as {{ dbt.type_bigint() }}) as manager_employee_id,

        -- attributes
        employee_number,
        first_name,
        last_name,
        email,
        job_title,
        department,
        support_team,

        -- flags
        {{ to_flag('is_support_agent') }} as is_support_agent,

        -- dates and timestamps
        cast(hire_date as date) as hire_date,
        cast(termination_date as date) as termination_date,

        -- metadata
        cast(updated_at as {{ dbt.type_timestamp() }}) as updated_at

    from source

)

select
    employee_id,
    employee_number,
    first_name,
    last_name,
    email,
    job_title,
    department,
    is_support_agent,
    support_team,
    manager_employee_id,
    hire_date,
    termination_date,
    updated_at
from renamed
