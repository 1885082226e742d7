-- ERP invoices, current state: one row per invoice_id. Renamed and typed only.

with

source as (

    select * from {{ source('erp', 'invoices') }}

),

renamed as (

    select
        {{ erp_typed_columns('invoices') }}

    from source

)

select
    {{ erp_column_list('invoices') }}
from renamed
