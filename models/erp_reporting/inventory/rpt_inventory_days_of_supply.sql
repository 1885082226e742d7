{#- Days of supply per warehouse and product as of the as-of date: on hand / average daily units
    shipped over the trailing demand window (var erp_demand_window_days, default 90 days ending on
    the as-of date). NULL when nothing shipped in the window (no demand to cover). -#}
{%- set window_days = var('erp_demand_window_days', 90) -%}
{%- set window_start = 'cast(' ~ dbt.dateadd('day', -window_days, 'as_of.as_of_date') ~ ' as date)' -%}

with

on_hand as (
    select * from {{ ref('rpt_inventory_on_hand') }}
),

inventory_transactions as (
    select * from {{ ref('stg_erp__inventory_transactions') }}
),

as_of as (
    select * from {{ ref('int_reporting_as_of_date') }}
),

window_demand as (
    select
        inventory_transactions.warehouse_id,
        inventory_transactions.product_id,
        cast(sum(0 - inventory_transactions.quantity) as integer) as shipped_quantity
    from inventory_transactions
    cross join as_of
    where inventory_transactions.transaction_type = 'shipment'
        and cast(inventory_transactions.transaction_at as date) <= as_of.as_of_date
        and cast(inventory_transactions.transaction_at as date) > {{ window_start }}
    group by inventory_transactions.warehouse_id, inventory_transactions.product_id
),

demand as (
    select
        on_hand.warehouse_id,
        on_hand.product_id,
        on_hand.warehouse_code,
        on_hand.sku,
        on_hand.product_name,
        on_hand.as_of_date,
        on_hand.on_hand_quantity,
        on_hand.on_hand_value_amount,
        coalesce(window_demand.shipped_quantity, 0) as window_shipped_quantity,
        cast({{ safe_divide('coalesce(window_demand.shipped_quantity, 0)', window_days, 6) }} as decimal(18, 4))
            as average_daily_demand_quantity
    from on_hand
    left join window_demand
        on on_hand.warehouse_id = window_demand.warehouse_id
            and on_hand.product_id = window_demand.product_id
),

final as (
    select
        -- keys
        warehouse_id,
        product_id,
        warehouse_code,
        sku,
        product_name,
        -- flags
        case when on_hand_quantity <= 0 then 1 else 0 end as is_out_of_stock,
        -- dates
        as_of_date,
        -- quantities
        {{ window_days }} as demand_window_days,
        on_hand_quantity,
        window_shipped_quantity,
        average_daily_demand_quantity,
        cast(
            case
                when on_hand_quantity <= 0 then 0
                else {{ safe_divide('on_hand_quantity', 'average_daily_demand_quantity', 6) }}
            end
            as decimal(18, 1)
        ) as days_of_supply,
        -- amounts in EUR
        on_hand_value_amount
    from demand
)

select * from final
