{#- Stock on hand per warehouse and product as of the as-of date, reconciled to the movement ledger:
    opening + receipts + shipments + customer returns + adjustments (+ any other type) = on hand.
    Valued at the product's current standard cost (EUR); movement_value_amount is the same ledger
    valued at each movement's own unit cost. -#}

with

positions as (
    select * from {{ ref('int_inventory_positions') }}
),

products as (
    select * from {{ ref('stg_erp__products') }}
),

warehouses as (
    select * from {{ ref('stg_erp__warehouses') }}
),

final as (
    select
        -- keys
        positions.warehouse_id,
        positions.product_id,
        warehouses.warehouse_code,
        products.sku,
        products.product_name,
        products.category_id,
        -- flags
        products.is_active as is_product_active,
        case when positions.on_hand_quantity < 0 then 1 else 0 end as is_negative_stock,
        -- dates
        positions.as_of_date,
        positions.last_movement_date,
        positions.last_inbound_date,
        positions.last_shipment_date,
        -- quantities
        positions.movement_count,
        positions.opening_quantity,
        positions.receipt_quantity,
        positions.shipment_quantity,
        positions.return_quantity,
        positions.adjustment_quantity,
        positions.other_quantity,
        positions.on_hand_quantity,
        -- amounts in EUR
        {{ money('products.unit_cost_amount') }} as unit_cost_amount,
        {{ money(money_multiply('products.unit_cost_amount', 'positions.on_hand_quantity'), 38) }}
            as on_hand_value_amount,
        positions.movement_value_amount
    from positions
    left join products
        on positions.product_id = products.product_id
    left join warehouses
        on positions.warehouse_id = warehouses.warehouse_id
)

select * from final
