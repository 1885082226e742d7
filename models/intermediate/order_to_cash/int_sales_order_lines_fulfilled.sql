{#- Sales order lines placed on or before the as-of date, with what was shipped, delivered and
    invoiced against them up to that date. One row per sales order line. A table rebuilt each run
    (not incremental, issue 14): every row carries the as-of date and its figures up to it, and the
    as-of date moves with every landed day, so every row changes. -#}
with

sales_orders as (
    select * from {{ ref('stg_erp__sales_orders') }}
),

sales_order_lines as (
    select * from {{ ref('stg_erp__sales_order_lines') }}
),

shipments as (
    select * from {{ ref('stg_erp__shipments') }}
),

shipment_lines as (
    select * from {{ ref('stg_erp__shipment_lines') }}
),

invoices as (
    select * from {{ ref('stg_erp__invoices') }}
),

invoice_lines as (
    select * from {{ ref('stg_erp__invoice_lines') }}
),

as_of as (
    select * from {{ ref('int_reporting_as_of_date') }}
),

shipped as (
    select
        shipment_lines.sales_order_line_id,
        cast(sum(shipment_lines.shipped_quantity) as integer) as shipped_quantity,
        cast(sum(
            case
                when cast(shipments.shipped_at as date) <= sales_orders.requested_delivery_date
                    then shipment_lines.shipped_quantity
                else 0
            end
        ) as integer) as shipped_by_requested_date_quantity,
        cast(sum(
            case
                when shipments.delivered_at is not null
                    and cast(shipments.delivered_at as date) <= as_of.as_of_date
                    then shipment_lines.shipped_quantity
                else 0
            end
        ) as integer) as delivered_quantity,
        min(shipments.shipped_at) as first_shipped_at,
        max(shipments.shipped_at) as last_shipped_at,
        max(
            case
                when cast(shipments.delivered_at as date) <= as_of.as_of_date then shipments.delivered_at
            end
        ) as last_delivered_at
    from shipment_lines
    inner join shipments
        on shipment_lines.shipment_id = shipments.shipment_id
    inner join sales_orders
        on shipments.sales_order_id = sales_orders.sales_order_id
    cross join as_of
    where cast(shipments.shipped_at as date) <= as_of.as_of_date
    group by shipment_lines.sales_order_line_id
),

invoiced as (
    select
        invoice_lines.sales_order_line_id,
        cast(sum(invoice_lines.quantity) as integer) as invoiced_quantity,
        {{ money_sum('invoice_lines.line_amount') }} as invoiced_net_amount,
        min(invoices.invoice_date) as first_invoice_date
    from invoice_lines
    inner join invoices
        on invoice_lines.invoice_id = invoices.invoice_id
    cross join as_of
    where invoices.invoice_date <= as_of.as_of_date
    group by invoice_lines.sales_order_line_id
),

final as (
    select
        sales_order_lines.sales_order_line_id,
        sales_order_lines.sales_order_id,
        sales_order_lines.line_number,
        sales_order_lines.product_id,
        sales_order_lines.warehouse_id,
        sales_orders.customer_id,
        sales_orders.order_number,
        sales_orders.order_status,
        sales_orders.currency_code,
        sales_orders.order_date,
        sales_orders.requested_delivery_date,
        as_of.as_of_date,
        sales_order_lines.quantity as ordered_quantity,
        coalesce(shipped.shipped_quantity, 0) as shipped_quantity,
        coalesce(shipped.shipped_by_requested_date_quantity, 0) as shipped_by_requested_date_quantity,
        coalesce(shipped.delivered_quantity, 0) as delivered_quantity,
        coalesce(invoiced.invoiced_quantity, 0) as invoiced_quantity,
        {{ money('sales_order_lines.unit_price_amount') }} as unit_price_amount,
        sales_order_lines.discount_rate,
        {{ money('sales_order_lines.line_amount') }} as line_amount,
        {{ money('coalesce(invoiced.invoiced_net_amount, 0)', 38) }} as invoiced_net_amount,
        shipped.first_shipped_at,
        shipped.last_shipped_at,
        shipped.last_delivered_at,
        invoiced.first_invoice_date
    from sales_order_lines
    inner join sales_orders
        on sales_order_lines.sales_order_id = sales_orders.sales_order_id
    cross join as_of
    left join shipped
        on sales_order_lines.sales_order_line_id = shipped.sales_order_line_id
    left join invoiced
        on sales_order_lines.sales_order_line_id = invoiced.sales_order_line_id
    where sales_orders.order_date <= as_of.as_of_date
)

select * from final
