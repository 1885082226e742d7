{#- Stock per warehouse and product as of the as-of date, from the movement ledger: the quantity
    moved by each movement type, on hand (their sum), the value of the movements at their own unit
    cost, and the latest movements. One row per warehouse and product that ever moved. -#}
with

inventory_transactions as (
    select * from {{ ref('stg_erp__inventory_transactions') }}
),

as_of as (
    select * from {{ ref('int_reporting_as_of_date') }}
),

movements as (
    select
        inventory_transactions.*,
        as_of.as_of_date,
        cast(inventory_transactions.transaction_at as date) as transaction_date
    from inventory_transactions
    cross join as_of
    where cast(inventory_transactions.transaction_at as date) <= as_of.as_of_date
),

positions as (
    select
        warehouse_id,
        product_id,
        max(as_of_date) as as_of_date,
        cast(sum(case when transaction_type = 'opening' then quantity else 0 end) as integer) as opening_quantity,
        cast(sum(case when transaction_type = 'receipt' then quantity else 0 end) as integer) as receipt_quantity,
        cast(sum(case when transaction_type = 'shipment' then quantity else 0 end) as integer) as shipment_quantity,
        cast(
            sum(case when transaction_type = 'customer_return' then quantity else 0 end) as integer
        ) as return_quantity,
        cast(sum(case when transaction_type = 'adjustment' then quantity else 0 end) as integer) as adjustment_quantity,
        cast(sum(
            case
                when transaction_type not in ('opening', 'receipt', 'shipment', 'customer_return', 'adjustment')
                    then quantity
                else 0
            end
        ) as integer) as other_quantity,
        cast(sum(quantity) as integer) as on_hand_quantity,
        {{ money_sum(money_multiply('unit_cost_amount', 'quantity')) }} as movement_value_amount,
        cast(count(*) as integer) as movement_count,
        max(transaction_date) as last_movement_date,
        max(case when quantity > 0 then transaction_date end) as last_inbound_date,
        max(case when transaction_type = 'shipment' then transaction_date end) as last_shipment_date
    from movements
    group by warehouse_id, product_id
)

select * from positions
