-- ERP purchase_order_lines, current state: one row per purchase_order_line_id. Renamed and typed only.

with

source as (

    select * from {{ source('erp', 'purchase_order_lines') }}

),

renamed as (

    select
        {{ erp_typed_columns('purchase_order_lines') }}

    from source

)

select
    {{ erp_column_list('purchase_order_lines') }}
from renamed
