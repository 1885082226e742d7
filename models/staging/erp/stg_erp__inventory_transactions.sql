-- ERP inventory_transactions, current state: one row per inventory_transaction_id. Renamed and typed only.

with

source as (

    select * from {{ source('erp', 'inventory_transactions') }}

),

renamed as (

    select
        {{ erp_typed_columns('inventory_transactions') }}

    from source

)

select
    {{ erp_column_list('inventory_transactions') }}
from renamed
