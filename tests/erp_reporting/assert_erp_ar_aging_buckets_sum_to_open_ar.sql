{#- AR aging: per customer and currency, the five buckets add up to the open amount, and the open
    amount equals open AR recomputed from staging (invoices - payments - credit memos up to the
    as-of date), so no open item is lost or counted twice. -#}
with

aging as (
    select * from {{ ref('rpt_ar_aging') }}
),

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

movements as (
    select
        invoices.invoice_id,
        invoices.total_amount as amount
    from invoices
    cross join as_of
    where invoices.invoice_date <= as_of.as_of_date
    union all
    select
        payments.invoice_id,
        0 - payments.payment_amount as amount
    from payments
    cross join as_of
    where payments.payment_date <= as_of.as_of_date
    union all
    select
        credit_memos.invoice_id,
        0 - credit_memos.credit_amount as amount
    from credit_memos
    cross join as_of
    where credit_memos.credit_date <= as_of.as_of_date
),

per_invoice as (
    select
        movements.invoice_id,
        invoices.customer_id,
        invoices.currency_code,
        sum(movements.amount) as open_amount
    from movements
    inner join invoices
        on movements.invoice_id = invoices.invoice_id
    cross join as_of
    where invoices.invoice_date <= as_of.as_of_date
    group by movements.invoice_id, invoices.customer_id, invoices.currency_code
),

expected as (
    select
        customer_id,
        currency_code,
        sum(open_amount) as open_amount
    from per_invoice
    where open_amount != 0
    group by customer_id, currency_code
)

select
    coalesce(aging.customer_id, expected.customer_id) as customer_id,
    coalesce(aging.currency_code, expected.currency_code) as currency_code,
    aging.open_amount,
    expected.open_amount as expected_open_amount,
    aging.current_amount + aging.past_due_1_30_amount + aging.past_due_31_60_amount
    + aging.past_due_61_90_amount + aging.past_due_over_90_amount as bucket_total_amount
from aging
full outer join expected
    on aging.customer_id = expected.customer_id
        and aging.currency_code = expected.currency_code
where aging.customer_id is null
    or expected.customer_id is null
    or aging.open_amount != expected.open_amount
    or aging.current_amount + aging.past_due_1_30_amount + aging.past_due_31_60_amount
    + aging.past_due_61_90_amount + aging.past_due_over_90_amount != aging.open_amount
