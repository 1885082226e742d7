-- ERP sales_orders, current state: one row per sales_order_id. Renamed and typed only.

with

source as (

    select * from {{ source('erp', 'sales_orders') }}

),

renamed as (

    select
        -- keys
        cast(sales_order_id as {{ dbt.type_bigint() }}) as sales_order_id,
        cast(customer_id as {{ dbt.type_bigint() }}) as customer_id,
        cast(ship_to_address_id as {{ dbt.type_bigint() }}) as ship_to_address_id,
        cast(sales_rep_employee_id as {{ dbt.type_bigint() }}) as sales_rep_employee_id,

        -- attributes
        order_number,
        order_channel,
        currency_code,
        order_status,

        -- dates and timestamps
        cast(order_date as date) as order_date,
        cast(requested_delivery_date as date) as requested_delivery_date,

        -- metadata
        cast(created_at as {{ dbt.type_timestamp() }}) as created_at,
        cast(updated_at as {{ dbt.type_timestamp() }}) as updated_at

    from source

)

select
    sales_order_id,
    order_number,
    customer_id,
    ship_to_address_id,
    order_channel,
    sales_rep_employee_id,
    currency_code,
    order_date,
    requested_delivery_date,
    order_status,
    created_at,
    updated_at
from renamed
