{#-
    One row per support agent (SCD1: the current attributes overwrite the old ones), plus the
    unknown member '-1' for tickets with no agent or an agent who is not (or no longer) in the
    employee extract.
-#}
with

employees as (
    select * from {{ ref('stg_lake_erp__employees') }}
),

agents as (
    select
        {{ surrogate_key(['employee_id']) }} as support_agent_key,
        employee_id,
        employee_number,
        cast({{ dbt.concat(["coalesce(first_name, '')", "' '", "coalesce(last_name, '')"]) }} as varchar(200))
            as agent_name,
        job_title,
        coalesce(support_team, 'unknown') as support_team,
        department,
        manager_employee_id,
        hire_date,
        termination_date,
        case when termination_date is null then 1 else 0 end as is_active
    from employees
    where is_support_agent = 1
),

unknown_member as (
    select
        {{ unknown_key() }} as support_agent_key,
        cast(null as {{ dbt.type_bigint() }}) as employee_id,
        'unknown' as employee_number,
        'Unknown agent' as agent_name,
        'unknown' as job_title,
        'unknown' as support_team,
        'unknown' as department,
        cast(null as {{ dbt.type_bigint() }}) as manager_employee_id,
        cast(null as date) as hire_date,
        cast(null as date) as termination_date,
        0 as is_active
),

final as (
    select * from agents
    union all
    select * from unknown_member
)

select
    cast(support_agent_key as varchar(32)) as support_agent_key,
    cast(employee_id as {{ dbt.type_bigint() }}) as employee_id,
    cast(employee_number as varchar(16)) as employee_number,
    cast(agent_name as varchar(200)) as agent_name,
    cast(job_title as varchar(100)) as job_title,
    cast(support_team as varchar(50)) as support_team,
    cast(department as varchar(50)) as department,
    cast(manager_employee_id as {{ dbt.type_bigint() }}) as manager_employee_id,
    cast(hire_date as date) as hire_date,
    cast(termination_date as date) as termination_date,
    cast(is_active as {{ dbt.type_int() }}) as is_active
from final
