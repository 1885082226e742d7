{#-
    fct_returns: one row per returned item (an item of a return request raised in the apps),
    with the ERP credit memo(s) issued for the request (joined on rma_number). Request-level
    money (the app's refund, the credit memos) is allocated to the items in proportion to the
    items' returned value, the rounding remainder going to the first item, so the items add up
    to the request exactly. Deleted return requests are excluded. EUR at the rate of the request
    date (order currency; rates: int_exchange_rates_valid).
-#}

with

return_requests as (
    select * from {{ ref('stg_cosmos__return_requests') }}
),

return_items as (
    select * from {{ ref('stg_cosmos__return_request_items') }}
),

order_lines as (
    select * from {{ ref('stg_lake_erp__sales_order_lines') }}
),

orders as (
    select * from {{ ref('stg_lake_erp__sales_orders') }}
),

credit_memos as (
    select * from {{ ref('stg_lake_erp__credit_memos') }}
),

customers as (
    select * from {{ ref('dim_customer') }}
),

products as (
    select * from {{ ref('dim_product') }}
),

exchange_rates as (
    select * from {{ ref('int_exchange_rates_valid') }}
),

rma_credits as (
    select
        rma_number,
        count(*) as credit_memo_count,
        min(credit_memo_number) as credit_memo_number,
        min(credit_date) as first_credit_date,
        {{ money_sum('credit_amount') }} as credit_amount
    from credit_memos
    where rma_number is not null
    group by rma_number
),

items as (
    select
        return_items.return_request_id,
        return_items.item_index,
        return_items.sales_order_line_id,
        coalesce(return_items.product_id, order_lines.product_id) as product_id,
        return_items.quantity as returned_quantity,
        return_requests.rma_number,
        return_requests.customer_id,
        return_requests.sales_order_id,
        return_requests.return_status,
        return_requests.return_reason,
        return_requests.requested_at,
        return_requests.resolved_at,
        return_requests.refund_amount as request_refund_amount,
        orders.currency_code,
        -- the item's value at the order line's net unit price
        {{ money(
            safe_divide('order_lines.line_amount', 'order_lines.quantity') ~ ' * return_items.quantity'
        ) }} as returned_amount,
        rma_credits.credit_memo_count,
        rma_credits.credit_memo_number,
        rma_credits.first_credit_date,
        rma_credits.credit_amount as request_credit_amount
    from return_items
    inner join return_requests
        on return_items.return_request_id = return_requests.return_request_id
    left join order_lines
        on return_items.sales_order_line_id = order_lines.sales_order_line_id
    left join orders
        on return_requests.sales_order_id = orders.sales_order_id
    left join rma_credits
        on return_requests.rma_number = rma_credits.rma_number
    where return_requests.is_deleted = 0 and return_items.is_deleted = 0
),

weighted as (
    select
        *,
        -- allocation weight: the item's returned value, or its quantity when no value is known
        case
            when {{ money_sum('coalesce(returned_amount, 0)', 'partition by return_request_id') }} > 0
                then coalesce(returned_amount, 0)
            else {{ two_decimals('coalesce(returned_quantity, 0)') }}
        end as allocation_weight,
        row_number() over (partition by return_request_id order by item_index) as item_order,
        count(*) over (partition by return_request_id) as item_count
    from items
),

weight_totals as (
    select
        *,
        {{ money_sum('allocation_weight', 'partition by return_request_id') }} as request_weight
    from weighted
),

shares as (
    select
        *,
        case
            when request_weight > 0 then {{ safe_divide('allocation_weight', 'request_weight', 10) }}
            else {{ safe_divide('1', 'item_count', 10) }}
        end as allocation_share
    from weight_totals
),

rounded as (
    select
        *,
        {{ money('round(request_refund_amount * allocation_share, 2)') }} as refund_rounded,
        {{ money('round(request_credit_amount * allocation_share, 2)', 38) }} as credit_rounded
    from shares
),

rounded_totals as (
    select
        *,
        {{ money_sum('refund_rounded', 'partition by return_request_id') }} as refund_rounded_total,
        {{ money_sum('credit_rounded', 'partition by return_request_id') }} as credit_rounded_total
    from rounded
),

allocated as (
    select
        *,
        -- the first item takes the rounding remainder, so the items add up to the request
        case
            when item_order = 1 then refund_rounded + request_refund_amount - refund_rounded_total
            else refund_rounded
        end as refund_amount,
        case
            when item_order = 1 then credit_rounded + request_credit_amount - credit_rounded_total
            else credit_rounded
        end as credited_amount
    from rounded_totals
),

resolved as (
    select
        allocated.*,
        customers.customer_key,
        products.product_key,
        {{ eur_rate('allocated.currency_code') }}
            as exchange_rate
    from allocated
    left join customers
        on
            allocated.customer_id = customers.customer_id
            and allocated.requested_at >= customers.valid_from_at
            and allocated.requested_at < customers.valid_to_at
    left join products
        on
            allocated.product_id = products.product_id
            and allocated.requested_at >= products.valid_from_at
            and allocated.requested_at < products.valid_to_at
    {{ eur_rate_join('allocated.currency_code', 'cast(allocated.requested_at as date)') }}
)

select
    -- keys
    cast({{ surrogate_key(['return_request_id', 'item_index']) }} as varchar(32)) as return_item_key,
    cast(return_request_id as varchar(64)) as return_request_id,
    cast(item_index as int) as item_index,
    cast(rma_number as varchar(16)) as rma_number,
    cast(sales_order_id as bigint) as sales_order_id,
    cast(sales_order_line_id as bigint) as sales_order_line_id,
    cast(credit_memo_number as varchar(16)) as credit_memo_number,
    {{ dimension_key('customer_key') }} as customer_key,
    {{ dimension_key('product_key') }} as product_key,
    -- date roles (dim_date)
    {{ date_key('requested_at') }} as requested_date_key,
    {{ date_key('resolved_at') }} as resolved_date_key,
    {{ date_key('first_credit_date') }} as credit_date_key,
    -- dates (the typed dates behind the date keys, for the semantic layer)
    cast(requested_at as date) as requested_date,
    cast(resolved_at as date) as resolved_date,
    cast(first_credit_date as date) as credit_date,
    -- attributes
    cast(return_status as varchar(16)) as return_status,
    cast(return_reason as varchar(32)) as return_reason,
    cast(currency_code as varchar(3)) as currency_code,
    -- flags
    {{ to_flag('credit_memo_count > 0') }} as has_credit_memo,
    -- quantities
    cast(returned_quantity as int) as returned_quantity,
    -- amounts (order currency)
    {{ money('returned_amount') }} as returned_amount,
    {{ erp_to_reporting_currency('returned_amount', 'currency_code', 'exchange_rate') }} as returned_amount_eur,
    {{ money('refund_amount') }} as refund_amount,
    {{ erp_to_reporting_currency('refund_amount', 'currency_code', 'exchange_rate') }} as refund_amount_eur,
    {{ money('credited_amount', 38) }} as credited_amount,
    {{ erp_to_reporting_currency('credited_amount', 'currency_code', 'exchange_rate', 38) }} as credited_amount_eur,
    -- timestamps
    cast(requested_at as {{ dbt.type_timestamp() }}) as requested_at,
    cast(resolved_at as {{ dbt.type_timestamp() }}) as resolved_at
from resolved
