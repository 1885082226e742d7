-- ERP purchase_orders, current state: one row per purchase_order_id. Renamed and typed only.

with

source as (

    select * from {{ source('erp', 'purchase_orders') }}

),

renamed as (

    select
        -- keys
        cast(purchase_order_id as {{ dbt.type_bigint() }}) as purchase_order_id,
        cast(supplier_id as {{ dbt.type_bigint() }}) as supplier_id,
        cast(warehouse_id as {{ dbt.type_bigint() }}) as warehouse_id,
        cast(buyer_employee_id as {{ dbt.type_bigint() }}) as buyer_employee_id,

        -- attributes
        po_number,
        currency_code,
        po_status,

        -- dates and timestamps
        cast(order_date as date) as order_date,
        cast(expected_date as date) as expected_date,

        -- metadata
        cast(created_at as {{ dbt.type_timestamp() }}) as created_at,
        cast(updated_at as {{ dbt.type_timestamp() }}) as updated_at

    from source

)

select
    purchase_order_id,
    po_number,
    supplier_id,
    warehouse_id,
    buyer_employee_id,
    currency_code,
    order_date,
    expected_date,
    po_status,
    created_at,
    updated_at
from renamed
