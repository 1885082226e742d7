-- ERP purchase_orders, current state: one row per purchase_order_id. Renamed and typed only.

with

source as (

    select * from {{ source('erp', 'purchase_orders') }}

),

renamed as (

    select
        {{ erp_typed_columns('purchase_orders') }}

    from source

)

select
    {{ erp_column_list('purchase_orders') }}
from renamed
