{#- Inventory: on hand per warehouse and product equals the sum of the movement ledger up to the
    as-of date (straight from staging), and the by-type columns add up to it. -#}
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

ledger as (
    select
        inventory_transactions.warehouse_id,
        inventory_transactions.product_id,
        sum(inventory_transactions.quantity) as quantity
    from inventory_transactions
    cross join as_of
    where cast(inventory_transactions.transaction_at as date) <= as_of.as_of_date
    group by inventory_transactions.warehouse_id, inventory_transactions.product_id
)

select
    coalesce(on_hand.warehouse_id, ledger.warehouse_id) as warehouse_id,
    coalesce(on_hand.product_id, ledger.product_id) as product_id,
    on_hand.on_hand_quantity,
    ledger.quantity as ledger_quantity
from on_hand
full outer join ledger
    on on_hand.warehouse_id = ledger.warehouse_id
        and on_hand.product_id = ledger.product_id
where on_hand.warehouse_id is null
    or ledger.warehouse_id is null
    or on_hand.on_hand_quantity != ledger.quantity
    or on_hand.opening_quantity + on_hand.receipt_quantity + on_hand.shipment_quantity + on_hand.return_quantity
    + on_hand.adjustment_quantity + on_hand.other_quantity != on_hand.on_hand_quantity
