{#- Every customer invoice dated on or before the as-of date, with what was paid and credited
    against it up to that date, the open amount and its aging. One row per invoice. -#}
with

invoices as (
    select * from {{ ref('stg_erp__invoices') }}
),

payments as (
    select * from {{ ref('stg_erp__payments') }}
),

credit_memos as (
    select * from {{ ref('stg_erp__credit_memos') }}
),

as_of as (
    select * from {{ ref('int_reporting_as_of_date') }}
),

payments_to_date as (
    select
        payments.invoice_id,
        {{ money_sum('payments.payment_amount') }} as paid_amount,
        max(payments.payment_date) as last_payment_date
    from payments
    cross join as_of
    where payments.payment_date <= as_of.as_of_date
    group by payments.invoice_id
),

credits_to_date as (
    select
        credit_memos.invoice_id,
        {{ money_sum('credit_memos.credit_amount') }} as credited_amount,
        max(credit_memos.credit_date) as last_credit_date
    from credit_memos
    cross join as_of
    where credit_memos.credit_date <= as_of.as_of_date
    group by credit_memos.invoice_id
),

balances as (
    select
        invoices.invoice_id,
        invoices.invoice_number,
        invoices.sales_order_id,
        invoices.customer_id,
        invoices.currency_code,
        invoices.invoice_date,
        invoices.due_date,
        as_of.as_of_date,
        {{ money('invoices.total_amount') }} as total_amount,
        {{ money('coalesce(payments_to_date.paid_amount, 0)', 38) }} as paid_amount,
        {{ money('coalesce(credits_to_date.credited_amount, 0)', 38) }} as credited_amount,
        payments_to_date.last_payment_date,
        credits_to_date.last_credit_date,
        {{ dbt.datediff('invoices.due_date', 'as_of.as_of_date', 'day') }} as days_past_due
    from invoices
    cross join as_of
    left join payments_to_date
        on invoices.invoice_id = payments_to_date.invoice_id
    left join credits_to_date
        on invoices.invoice_id = credits_to_date.invoice_id
    where invoices.invoice_date <= as_of.as_of_date
),

final as (
    select
        invoice_id,
        invoice_number,
        sales_order_id,
        customer_id,
        currency_code,
        invoice_date,
        due_date,
        as_of_date,
        total_amount,
        paid_amount,
        credited_amount,
        {{ money('total_amount - paid_amount - credited_amount', 38) }} as open_amount,
        last_payment_date,
        last_credit_date,
        cast(days_past_due as integer) as days_past_due,
        {{ erp_aging_bucket('days_past_due') }} as aging_bucket
    from balances
)

select * from final
