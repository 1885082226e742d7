with

open_items as (
    select * from {{ ref('rpt_ar_open_items') }}
),

customers as (
    select * from {{ ref('stg_erp__customers') }}
),

aging as (
    select
        customer_id,
        currency_code,
        max(as_of_date) as as_of_date,
        cast(count(*) as integer) as open_item_count,
        {{ erp_aging_bucket_sums('aging_bucket', 'open_amount') }},
        {{ money_sum('open_amount') }} as open_amount,
        {{ money_sum('open_amount_eur') }} as open_amount_eur,
        max(days_past_due) as max_days_past_due
    from open_items
    group by customer_id, currency_code
),

final as (
    select
        -- keys
        aging.customer_id,
        customers.customer_number,
        customers.customer_name,
        aging.currency_code,
        -- dates
        aging.as_of_date,
        -- numbers
        aging.open_item_count,
        aging.max_days_past_due,
        -- amounts in the invoice currency
        aging.current_amount,
        aging.past_due_1_30_amount,
        aging.past_due_31_60_amount,
        aging.past_due_61_90_amount,
        aging.past_due_over_90_amount,
        aging.open_amount,
        -- amounts in EUR
        aging.open_amount_eur
    from aging
    left join customers
        on aging.customer_id = customers.customer_id
)

select * from final
