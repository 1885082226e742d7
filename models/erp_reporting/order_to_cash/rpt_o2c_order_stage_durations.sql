{#- Order-to-cash stages of every sales order placed by the as-of date: when it was ordered, first
    shipped, fully delivered, first invoiced and fully paid, and the days between the stages. A
    stage not reached yet is NULL, and so is every duration that ends in it. -#}

with

order_lines as (
    select * from {{ ref('int_sales_order_lines_fulfilled') }}
),

invoice_balances as (
    select * from {{ ref('int_invoice_balances') }}
),

orders as (
    select
        sales_order_id,
        max(order_number) as order_number,
        max(customer_id) as customer_id,
        max(order_status) as order_status,
        max(currency_code) as currency_code,
        max(order_date) as order_date,
        max(requested_delivery_date) as requested_delivery_date,
        max(as_of_date) as as_of_date,
        cast(count(*) as integer) as order_line_count,
        cast(sum(ordered_quantity) as integer) as ordered_quantity,
        cast(sum(shipped_quantity) as integer) as shipped_quantity,
        cast(sum(delivered_quantity) as integer) as delivered_quantity,
        cast(sum(invoiced_quantity) as integer) as invoiced_quantity,
        min(first_shipped_at) as first_shipped_at,
        max(last_delivered_at) as last_delivered_at,
        min(first_invoice_date) as first_invoice_date
    from order_lines
    group by sales_order_id
),

order_invoices as (
    select
        sales_order_id,
        cast(count(*) as integer) as invoice_count,
        {{ money_sum('total_amount') }} as invoiced_amount,
        {{ money_sum('open_amount') }} as open_amount,
        max(last_payment_date) as last_payment_date,
        max(last_credit_date) as last_credit_date,
        max(
            case
                when last_credit_date > last_payment_date or last_payment_date is null then last_credit_date
                else last_payment_date
            end
        ) as last_settlement_date
    from invoice_balances
    group by sales_order_id
),

stages as (
    select
        orders.*,
        coalesce(order_invoices.invoice_count, 0) as invoice_count,
        {{ money('coalesce(order_invoices.invoiced_amount, 0)', 38) }} as invoiced_amount,
        {{ money('coalesce(order_invoices.open_amount, 0)', 38) }} as open_amount,
        cast(orders.first_shipped_at as date) as first_shipped_date,
        case
            when orders.delivered_quantity >= orders.ordered_quantity then cast(orders.last_delivered_at as date)
        end as fully_delivered_date,
        case
            when orders.invoiced_quantity >= orders.ordered_quantity
                and order_invoices.open_amount <= 0
                then order_invoices.last_settlement_date
        end as fully_paid_date
    from orders
    left join order_invoices
        on orders.sales_order_id = order_invoices.sales_order_id
),

final as (
    select
        -- keys
        sales_order_id,
        order_number,
        customer_id,
        order_status,
        case
            when order_status = 'cancelled' then 'cancelled'
            when fully_paid_date is not null then 'paid'
            when invoice_count > 0 then 'invoiced'
            when first_shipped_date is not null then 'shipped'
            else 'ordered'
        end as current_stage,
        -- dates
        as_of_date,
        order_date,
        requested_delivery_date,
        first_shipped_date,
        fully_delivered_date,
        first_invoice_date,
        fully_paid_date,
        -- durations in days
        cast({{ dbt.datediff('order_date', 'first_shipped_date', 'day') }} as integer) as order_to_ship_days,
        cast(
            {{ dbt.datediff('first_shipped_date', 'fully_delivered_date', 'day') }} as integer
        ) as ship_to_delivery_days,
        cast({{ dbt.datediff('first_shipped_date', 'first_invoice_date', 'day') }} as integer) as ship_to_invoice_days,
        cast({{ dbt.datediff('first_invoice_date', 'fully_paid_date', 'day') }} as integer) as invoice_to_payment_days,
        cast({{ dbt.datediff('order_date', 'fully_paid_date', 'day') }} as integer) as order_to_cash_days,
        -- numbers
        order_line_count,
        invoice_count,
        ordered_quantity,
        shipped_quantity,
        invoiced_quantity,
        -- amounts in the order currency
        currency_code,
        invoiced_amount,
        open_amount
    from stages
)

select * from final
