-- ERP sales_order_lines, current state: one row per sales_order_line_id. Renamed and typed only.

with

source as (

    select * from {{ source('erp', 'sales_order_lines') }}

),

renamed as (

    select
        {{ erp_typed_columns('sales_order_lines') }}

    from source

)

select
    {{ erp_column_list('sales_order_lines') }}
from renamed
