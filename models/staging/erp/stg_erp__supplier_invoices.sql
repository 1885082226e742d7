-- ERP supplier_invoices, current state: one row per supplier_invoice_id. Renamed and typed only.

with

source as (

    select * from {{ source('erp', 'supplier_invoices') }}

),

renamed as (

    select
        {{ erp_typed_columns('supplier_invoices') }}

    from source

)

select
    {{ erp_column_list('supplier_invoices') }}
from renamed
