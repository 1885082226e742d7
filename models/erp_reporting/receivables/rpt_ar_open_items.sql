with

invoice_balances as (
    select * from {{ ref('int_invoice_balances') }}
),

customers as (
    select * from {{ ref('stg_erp__customers') }}
),

exchange_rates as (
    select * from {{ ref('int_exchange_rates_valid') }}
),

open_items as (
    select
        invoice_balances.*,
        exchange_rates.exchange_rate
    from invoice_balances
    {{ eur_rate_join('invoice_balances.currency_code', 'invoice_balances.as_of_date') }}
    where invoice_balances.open_amount != 0
),

final as (
    select
        -- keys
        open_items.invoice_id,
        open_items.invoice_number,
        open_items.sales_order_id,
        open_items.customer_id,
        customers.customer_number,
        customers.customer_name,
        -- dates
        open_items.as_of_date,
        open_items.invoice_date,
        open_items.due_date,
        open_items.days_past_due,
        open_items.aging_bucket,
        case when open_items.days_past_due > 0 then 1 else 0 end as is_overdue,
        -- amounts in the invoice currency
        open_items.currency_code,
        open_items.total_amount,
        open_items.paid_amount,
        open_items.credited_amount,
        open_items.open_amount,
        -- amounts in EUR at the as-of date's rate
        {{ eur_rate('open_items.currency_code', 'open_items') }}
            as exchange_rate,
        {{ erp_to_reporting_currency(
            'open_items.open_amount',
            'open_items.currency_code',
            'open_items.exchange_rate',
            38
        ) }}
            as open_amount_eur
    from open_items
    left join customers
        on open_items.customer_id = customers.customer_id
)

select * from final
