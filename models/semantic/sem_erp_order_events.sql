{#-
    sem_erp_order_events: one row per ERP sales order (not per line), with the ERP customer and the
    order date (the order's timestamp where the date is missing; orders with neither are left out). The conversion events of the metric "app checkout -> ERP order" (see
    sem_app_checkout_events). Cancelled orders are kept: a checkout that led to an order converted,
    whatever happened to the order later.
-#}
with

order_lines as (
    select * from {{ ref('fct_sales_order_lines') }}
),

customers as (
    select * from {{ ref('dim_customer') }}
)

select
    cast(order_lines.sales_order_id as bigint) as sales_order_id,
    cast(max(customers.customer_id) as bigint) as customer_id,
    min(coalesce(order_lines.order_date, cast(order_lines.ordered_at as date))) as order_date,
    cast(min(order_lines.ordered_at) as {{ dbt.type_timestamp() }}) as ordered_at
from order_lines
left join customers
    on order_lines.customer_key = customers.customer_key
where
    order_lines.sales_order_id is not null
    and coalesce(order_lines.order_date, cast(order_lines.ordered_at as date)) is not null
group by order_lines.sales_order_id
