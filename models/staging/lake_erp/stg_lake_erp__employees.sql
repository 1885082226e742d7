-- Deduplicated ERP extract of employees: one row per employee_id, the latest updated_at,
-- then the latest extracted_at (ingest_date and batch_id break remaining ties). Dirty rows are kept.

with

source as (

    select * from {{ source('lake_erp', 'employees') }}

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
        cast(updated_at as {{ dbt.type_timestamp() }}) as updated_at,
        -- the partition folder's date; NULL on Synapse (its Hadoop external tables cannot see it)
        {{ landing_partition_date('ingest_date') }} as ingest_date,
        _batch_id as batch_id,
        cast(_extracted_at as {{ dbt.type_timestamp() }}) as extracted_at,
        -- the arrival marker: when the file landed (set by the pipeline), what incremental models load by
        cast(_landed_at as {{ dbt.type_timestamp() }}) as landed_at

    from source

),

{{ dedupe('renamed', partition_by=['employee_id'],
            order_by=['updated_at desc', 'extracted_at desc', 'ingest_date desc', 'batch_id desc']) }}

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
    updated_at,
    ingest_date,
    batch_id,
    extracted_at,
    landed_at
from deduplicated
