-- ERP supplier_payments, current state: one row per supplier_payment_id. Renamed and typed only.

with

source as (

    select * from {{ source('erp', 'supplier_payments') }}

),

renamed as (

    select
        {{ erp_typed_columns('supplier_payments') }}

    from source

)

select
    {{ erp_column_list('supplier_payments') }}
from renamed
