-- ERP invoice_lines, current state: one row per invoice_line_id. Renamed and typed only.

with

source as (

    select * from {{ source('erp', 'invoice_lines') }}

),

renamed as (

    select
        {{ erp_typed_columns('invoice_lines') }}

    from source

)

select
    {{ erp_column_list('invoice_lines') }}
from renamed
