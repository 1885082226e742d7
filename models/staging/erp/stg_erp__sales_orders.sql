-- ERP sales_orders, current state: one row per sales_order_id. Renamed and typed only.

with

source as (

    select * from {{ source('erp', 'sales_orders') }}

),

renamed as (

    select
        {{ erp_typed_columns('sales_orders') }}

    from source

)

select
    {{ erp_column_list('sales_orders') }}
from renamed
