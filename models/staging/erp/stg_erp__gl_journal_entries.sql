-- ERP gl_journal_entries, current state: one row per journal_entry_id. Renamed and typed only.

with

source as (

    select * from {{ source('erp', 'gl_journal_entries') }}

),

renamed as (

    select
        {{ erp_typed_columns('gl_journal_entries') }}

    from source

)

select
    {{ erp_column_list('gl_journal_entries') }}
from renamed
