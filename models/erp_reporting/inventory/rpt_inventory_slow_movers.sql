{#- Slow movers as of the as-of date: stock on hand (> 0) that has not shipped for at least
    var erp_slow_mover_days (default 90) days. Days without shipment count from the last shipment,
    or, for stock that never shipped, from the last time stock came in. One row per warehouse and
    product that qualifies, with the value tied up (EUR, standard cost). -#}
{%- set slow_days = var('erp_slow_mover_days', 90) -%}

with

days_of_supply as (
    select * from {{ ref('rpt_inventory_days_of_supply') }}
),

on_hand as (
    select * from {{ ref('rpt_inventory_on_hand') }}
),

stock as (
    select
        on_hand.*,
        days_of_supply.window_shipped_quantity,
        days_of_supply.days_of_supply,
        cast(
            {{ dbt.datediff(
                'coalesce(on_hand.last_shipment_date, on_hand.last_inbound_date, on_hand.last_movement_date)',
                'on_hand.as_of_date',
                'day'
            ) }}
            as integer
        ) as days_without_shipment
    from on_hand
    inner join days_of_supply
        on on_hand.warehouse_id = days_of_supply.warehouse_id
            and on_hand.product_id = days_of_supply.product_id
    where on_hand.on_hand_quantity > 0
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
        case when last_shipment_date is null then 1 else 0 end as has_never_shipped,
        -- dates
        as_of_date,
        last_shipment_date,
        last_inbound_date,
        days_without_shipment,
        -- quantities
        on_hand_quantity,
        window_shipped_quantity,
        days_of_supply,
        -- amounts in EUR
        unit_cost_amount,
        on_hand_value_amount
    from stock
    where days_without_shipment >= {{ slow_days }}
)

select * from final
