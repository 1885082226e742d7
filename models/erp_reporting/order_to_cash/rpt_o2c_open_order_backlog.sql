{#- Open order backlog as of the as-of date: every line of a live order (not cancelled or closed)
    with quantity still to ship, valued at its net line price. -#}

with

order_lines as (
    select * from {{ ref('int_sales_order_lines_fulfilled') }}
),

exchange_rates as (
    select * from {{ ref('int_exchange_rates_valid') }}
),

open_lines as (
    select
        order_lines.*,
        order_lines.ordered_quantity - order_lines.shipped_quantity as open_quantity,
        exchange_rates.exchange_rate
    from order_lines
    {{ eur_rate_join('order_lines.currency_code', 'order_lines.as_of_date') }}
    where order_lines.order_status not in ('cancelled', 'closed')
        and order_lines.shipped_quantity < order_lines.ordered_quantity
),

valued as (
    select
        open_lines.*,
        {{ money(
            safe_divide(money_multiply('open_lines.line_amount', 'open_lines.open_quantity'), 'open_lines.ordered_quantity', 6)
        ) }}
            as open_amount
    from open_lines
),

final as (
    select
        -- keys
        sales_order_line_id,
        sales_order_id,
        order_number,
        line_number,
        customer_id,
        product_id,
        warehouse_id,
        order_status,
        -- flags
        case when requested_delivery_date < as_of_date then 1 else 0 end as is_past_requested_date,
        -- dates
        as_of_date,
        order_date,
        requested_delivery_date,
        cast({{ dbt.datediff('order_date', 'as_of_date', 'day') }} as integer) as days_open,
        cast({{ dbt.datediff('requested_delivery_date', 'as_of_date', 'day') }} as integer) as days_past_requested_date,
        -- quantities
        ordered_quantity,
        shipped_quantity,
        open_quantity,
        -- amounts in the order currency
        currency_code,
        line_amount,
        open_amount,
        -- amounts in EUR at the as-of date's rate
        {{ erp_to_reporting_currency('open_amount', 'currency_code', 'exchange_rate') }} as open_amount_eur
    from valued
)

select * from final
