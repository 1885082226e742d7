{#- Purchase order lines ordered on or before the as-of date, with what was received and invoiced
    against them up to that date. One row per purchase order line. -#}
with

purchase_orders as (
    select * from {{ ref('stg_erp__purchase_orders') }}
),

purchase_order_lines as (
    select * from {{ ref('stg_erp__purchase_order_lines') }}
),

goods_receipts as (
    select * from {{ ref('stg_erp__goods_receipts') }}
),

supplier_invoices as (
    select * from {{ ref('stg_erp__supplier_invoices') }}
),

supplier_invoice_lines as (
    select * from {{ ref('stg_erp__supplier_invoice_lines') }}
),

as_of as (
    select * from {{ ref('int_reporting_as_of_date') }}
),

received as (
    select
        goods_receipts.purchase_order_line_id,
        cast(count(*) as integer) as receipt_count,
        cast(sum(goods_receipts.received_quantity) as integer) as received_quantity,
        cast(sum(
            case
                when goods_receipts.received_date <= purchase_orders.expected_date
                    then goods_receipts.received_quantity
                else 0
            end
        ) as integer) as received_by_expected_date_quantity,
        min(goods_receipts.received_date) as first_received_date,
        max(goods_receipts.received_date) as last_received_date
    from goods_receipts
    inner join purchase_order_lines
        on goods_receipts.purchase_order_line_id = purchase_order_lines.purchase_order_line_id
    inner join purchase_orders
        on purchase_order_lines.purchase_order_id = purchase_orders.purchase_order_id
    cross join as_of
    where goods_receipts.received_date <= as_of.as_of_date
    group by goods_receipts.purchase_order_line_id
),

invoiced as (
    select
        supplier_invoice_lines.purchase_order_line_id,
        cast(count(*) as integer) as supplier_invoice_line_count,
        cast(sum(supplier_invoice_lines.invoiced_quantity) as integer) as invoiced_quantity,
        {{ money_sum('supplier_invoice_lines.line_amount') }} as invoiced_amount,
        min(supplier_invoices.invoice_date) as first_invoice_date
    from supplier_invoice_lines
    inner join supplier_invoices
        on supplier_invoice_lines.supplier_invoice_id = supplier_invoices.supplier_invoice_id
    cross join as_of
    where supplier_invoices.invoice_date <= as_of.as_of_date
    group by supplier_invoice_lines.purchase_order_line_id
),

final as (
    select
        purchase_order_lines.purchase_order_line_id,
        purchase_order_lines.purchase_order_id,
        purchase_order_lines.line_number,
        purchase_order_lines.product_id,
        purchase_orders.po_number,
        purchase_orders.supplier_id,
        purchase_orders.warehouse_id,
        purchase_orders.po_status,
        purchase_orders.currency_code,
        purchase_orders.order_date,
        purchase_orders.expected_date,
        as_of.as_of_date,
        purchase_order_lines.ordered_quantity,
        coalesce(received.receipt_count, 0) as receipt_count,
        coalesce(received.received_quantity, 0) as received_quantity,
        coalesce(received.received_by_expected_date_quantity, 0) as received_by_expected_date_quantity,
        coalesce(invoiced.supplier_invoice_line_count, 0) as supplier_invoice_line_count,
        coalesce(invoiced.invoiced_quantity, 0) as invoiced_quantity,
        {{ money('purchase_order_lines.unit_cost_amount') }} as unit_cost_amount,
        {{ money('purchase_order_lines.line_amount') }} as line_amount,
        {{ money('coalesce(invoiced.invoiced_amount, 0)', 38) }} as invoiced_amount,
        received.first_received_date,
        received.last_received_date,
        invoiced.first_invoice_date
    from purchase_order_lines
    inner join purchase_orders
        on purchase_order_lines.purchase_order_id = purchase_orders.purchase_order_id
    cross join as_of
    left join received
        on purchase_order_lines.purchase_order_line_id = received.purchase_order_line_id
    left join invoiced
        on purchase_order_lines.purchase_order_line_id = invoiced.purchase_order_line_id
    where purchase_orders.order_date <= as_of.as_of_date
)

select * from final
