{#- Procure-to-pay cycle of every purchase order raised by the as-of date: ordered, first and full
    receipt, first supplier invoice, fully paid, and the days between. A milestone not reached yet
    is NULL, and so is every duration that ends in it. -#}

with

po_lines as (
    select * from {{ ref('int_purchase_order_lines_matched') }}
),

supplier_invoice_balances as (
    select * from {{ ref('int_supplier_invoice_balances') }}
),

purchase_orders as (
    select
        purchase_order_id,
        max(po_number) as po_number,
        max(supplier_id) as supplier_id,
        max(warehouse_id) as warehouse_id,
        max(po_status) as po_status,
        max(currency_code) as currency_code,
        max(order_date) as order_date,
        max(expected_date) as expected_date,
        max(as_of_date) as as_of_date,
        cast(count(*) as integer) as po_line_count,
        cast(sum(ordered_quantity) as integer) as ordered_quantity,
        cast(sum(received_quantity) as integer) as received_quantity,
        {{ money_sum('line_amount') }} as ordered_amount,
        min(first_received_date) as first_received_date,
        max(last_received_date) as last_received_date,
        min(first_invoice_date) as first_invoice_date,
        cast(
            sum(case when received_quantity >= ordered_quantity then 1 else 0 end) as integer
        ) as lines_fully_received_count
    from po_lines
    group by purchase_order_id
),

po_invoices as (
    select
        purchase_order_id,
        cast(count(*) as integer) as supplier_invoice_count,
        {{ money_sum('total_amount') }} as invoiced_amount,
        {{ money_sum('open_amount') }} as open_amount,
        max(last_payment_date) as last_payment_date
    from supplier_invoice_balances
    group by purchase_order_id
),

milestones as (
    select
        purchase_orders.*,
        coalesce(po_invoices.supplier_invoice_count, 0) as supplier_invoice_count,
        {{ money('coalesce(po_invoices.invoiced_amount, 0)', 38) }} as invoiced_amount,
        {{ money('coalesce(po_invoices.open_amount, 0)', 38) }} as open_amount,
        case
            when purchase_orders.lines_fully_received_count = purchase_orders.po_line_count
                then purchase_orders.last_received_date
        end as fully_received_date,
        case
            when po_invoices.supplier_invoice_count > 0 and po_invoices.open_amount <= 0
                and po_invoices.invoiced_amount >= purchase_orders.ordered_amount
                then po_invoices.last_payment_date
        end as fully_paid_date
    from purchase_orders
    left join po_invoices
        on purchase_orders.purchase_order_id = po_invoices.purchase_order_id
),

final as (
    select
        -- keys
        purchase_order_id,
        po_number,
        supplier_id,
        warehouse_id,
        po_status,
        -- flags
        case when fully_received_date is not null then 1 else 0 end as is_fully_received,
        case
            when fully_received_date is not null and fully_received_date <= expected_date then 0
            when fully_received_date is null and as_of_date <= expected_date then 0
            else 1
        end as is_late,
        -- dates
        as_of_date,
        order_date,
        expected_date,
        first_received_date,
        fully_received_date,
        first_invoice_date,
        fully_paid_date,
        -- durations in days
        cast({{ dbt.datediff('order_date', 'expected_date', 'day') }} as integer) as promised_lead_time_days,
        cast({{ dbt.datediff('order_date', 'first_received_date', 'day') }} as integer) as order_to_first_receipt_days,
        cast({{ dbt.datediff('order_date', 'fully_received_date', 'day') }} as integer) as order_to_full_receipt_days,
        cast({{ dbt.datediff('expected_date', 'fully_received_date', 'day') }} as integer) as receipt_delay_days,
        cast(
            {{ dbt.datediff('first_received_date', 'first_invoice_date', 'day') }} as integer
        ) as receipt_to_invoice_days,
        cast({{ dbt.datediff('first_invoice_date', 'fully_paid_date', 'day') }} as integer) as invoice_to_payment_days,
        cast({{ dbt.datediff('order_date', 'fully_paid_date', 'day') }} as integer) as order_to_payment_days,
        -- numbers
        po_line_count,
        supplier_invoice_count,
        ordered_quantity,
        received_quantity,
        -- amounts in the PO currency
        currency_code,
        ordered_amount,
        invoiced_amount,
        open_amount
    from milestones
)

select * from final
