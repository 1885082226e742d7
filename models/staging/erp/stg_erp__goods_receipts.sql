-- ERP goods_receipts, current state: one row per goods_receipt_id. Renamed and typed only.

with

source as (

    select * from {{ source('erp', 'goods_receipts') }}

),

renamed as (

    select
        -- keys
        cast(goods_receipt_id as {{ dbt.type_bigint() }}) as goods_receipt_id,
        cast(purchase_order_line_id as {{ dbt.type_bigint() }}) as purchase_order_line_id,
        cast(warehouse_id as {{ dbt.type_bigint() }}) as warehouse_id,

        -- quantities, amounts and rates
        cast(received_quantity as {{ dbt.type_int() }}) as received_quantity,

        -- dates and timestamps
        cast(received_date as date) as received_date,

        -- metadata
        cast(updated_at as {{ dbt.type_timestamp() }}) as updated_at

    from source

)

select
    goods_receipt_id,
    purchase_order_line_id,
    warehouse_id,
    received_date,
    received_quantity,
    updated_at
from renamed
