-- ERP goods_receipts, current state: one row per goods_receipt_id. Renamed and typed only.

with

source as (

    select * from {{ source('erp', 'goods_receipts') }}

),

renamed as (

    select
        {{ erp_typed_columns('goods_receipts') }}

    from source

)

select
    {{ erp_column_list('goods_receipts') }}
from renamed
