-- ERP supplier_invoice_lines, current state: one row per supplier_invoice_line_id. Renamed and typed only.

with

source as (

    select * from {{ source('erp', 'supplier_invoice_lines') }}

),

renamed as (

    select
        {{ erp_typed_columns('supplier_invoice_lines') }}

    from source

)

select
    {{ erp_column_list('supplier_invoice_lines') }}
from renamed
