-- ERP gl_journal_lines, current state: one row per journal_line_id. Renamed and typed only.

with

source as (

    select * from {{ source('erp', 'gl_journal_lines') }}

),

renamed as (

    select
        {{ erp_typed_columns('gl_journal_lines') }}

    from source

)

select
    {{ erp_column_list('gl_journal_lines') }}
from renamed
