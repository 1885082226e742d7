-- ERP gl_journal_entries, current state: one row per journal_entry_id. Renamed and typed only.

with

source as (

    select * from {{ source('erp', 'gl_journal_entries') }}

),

renamed as (

    select
        -- keys
        cast(journal_entry_id as {{ dbt.type_bigint() }}) as journal_entry_id,
        cast(fiscal_period_id as {{ dbt.type_int() }}) as fiscal_period_id,
        cast(source_document_id as {{ dbt.type_bigint() }}) as source_document_id,
        cast(posted_by_employee_id as {{ dbt.type_bigint() }}) as posted_by_employee_id,

        -- attributes
        entry_number,
        source_module,
        entry_description,

        -- dates and timestamps
        cast(posting_date as date) as posting_date,
        cast(posted_at as {{ dbt.type_timestamp() }}) as posted_at,

        -- metadata
        cast(updated_at as {{ dbt.type_timestamp() }}) as updated_at

    from source

)

select
    journal_entry_id,
    entry_number,
    fiscal_period_id,
    posting_date,
    source_module,
    source_document_id,
    entry_description,
    posted_by_employee_id,
    posted_at,
    updated_at
from renamed
