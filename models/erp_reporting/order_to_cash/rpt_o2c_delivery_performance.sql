{#- On-time delivery and fill rate of every sales order that was due by the as-of date (its
    requested delivery date has passed) and not cancelled. On time: every unit delivered on or
    before the requested date. In full: every ordered unit shipped. Fill rate: shipped / ordered units
    (capped at 1 per line); on-time fill rate counts only units shipped by the requested date. -#}

with

order_lines as (
    select * from {{ ref('int_sales_order_lines_fulfilled') }}
),

due_lines as (
    select
        order_lines.*,
        case
            when order_lines.shipped_quantity > order_lines.ordered_quantity then order_lines.ordered_quantity
            else order_lines.shipped_quantity
        end as filled_quantity,
        case
            when order_lines.shipped_by_requested_date_quantity > order_lines.ordered_quantity
                then order_lines.ordered_quantity
            else order_lines.shipped_by_requested_date_quantity
        end as filled_on_time_quantity
    from order_lines
    where order_lines.order_status != 'cancelled'
        and order_lines.requested_delivery_date <= order_lines.as_of_date
),

orders as (
    select
        sales_order_id,
        max(order_number) as order_number,
        max(customer_id) as customer_id,
        max(order_date) as order_date,
        max(requested_delivery_date) as requested_delivery_date,
        max(as_of_date) as as_of_date,
        cast(count(*) as integer) as order_line_count,
        cast(sum(ordered_quantity) as integer) as ordered_quantity,
        cast(sum(shipped_quantity) as integer) as shipped_quantity,
        cast(sum(delivered_quantity) as integer) as delivered_quantity,
        cast(sum(filled_quantity) as integer) as filled_quantity,
        cast(sum(filled_on_time_quantity) as integer) as filled_on_time_quantity,
        cast(sum(case when filled_quantity >= ordered_quantity then 1 else 0 end) as integer) as lines_in_full_count,
        max(last_delivered_at) as last_delivered_at
    from due_lines
    group by sales_order_id
),

measured as (
    select
        orders.*,
        case when orders.filled_quantity >= orders.ordered_quantity then 1 else 0 end as is_in_full,
        case
            when orders.delivered_quantity >= orders.ordered_quantity
                and cast(orders.last_delivered_at as date) <= orders.requested_delivery_date
                then 1
            else 0
        end as is_on_time
    from orders
),

final as (
    select
        -- keys
        sales_order_id,
        order_number,
        customer_id,
        -- flags
        is_on_time,
        is_in_full,
        case when is_on_time = 1 and is_in_full = 1 then 1 else 0 end as is_on_time_in_full,
        -- dates
        as_of_date,
        order_date,
        requested_delivery_date,
        cast(last_delivered_at as date) as last_delivered_date,
        cast({{ dbt.datediff('requested_delivery_date', 'cast(last_delivered_at as date)', 'day') }} as integer)
            as delivery_delay_days,
        -- numbers
        order_line_count,
        lines_in_full_count,
        ordered_quantity,
        shipped_quantity,
        delivered_quantity,
        filled_quantity,
        filled_on_time_quantity,
        {{ rescaled_decimal(safe_divide('filled_quantity', 'ordered_quantity', 6), 9, 4) }} as fill_rate,
        {{ rescaled_decimal(safe_divide('filled_on_time_quantity', 'ordered_quantity', 6), 9, 4) }}
            as on_time_fill_rate
    from measured
)

select * from final
