{#- Every supplier invoice dated on or before the as-of date, with what was paid against it up to
    that date, the open amount and its aging. One row per supplier invoice. -#}
with

supplier_invoices as (
    select * from {{ ref('stg_erp__supplier_invoices') }}
),

supplier_payments as (
    select * from {{ ref('stg_erp__supplier_payments') }}
),

as_of as (
    select * from {{ ref('int_reporting_as_of_date') }}
),

payments_to_date as (
    select
        supplier_payments.supplier_invoice_id,
        {{ money_sum('supplier_payments.payment_amount') }} as paid_amount,
        max(supplier_payments.payment_date) as last_payment_date
    from supplier_payments
    cross join as_of
    where supplier_payments.payment_date <= as_of.as_of_date
    group by supplier_payments.supplier_invoice_id
),

balances as (
    select
        supplier_invoices.supplier_invoice_id,
        supplier_invoices.supplier_invoice_number,
        supplier_invoices.supplier_id,
        supplier_invoices.purchase_order_id,
        supplier_invoices.currency_code,
        supplier_invoices.invoice_date,
        supplier_invoices.due_date,
        as_of.as_of_date,
        {{ money('supplier_invoices.total_amount') }} as total_amount,
        {{ money('coalesce(payments_to_date.paid_amount, 0)', 38) }} as paid_amount,
        payments_to_date.last_payment_date,
        {{ dbt.datediff('supplier_invoices.due_date', 'as_of.as_of_date', 'day') }} as days_past_due
    from supplier_invoices
    cross join as_of
    left join payments_to_date
        on supplier_invoices.supplier_invoice_id = payments_to_date.supplier_invoice_id
    where supplier_invoices.invoice_date <= as_of.as_of_date
),

final as (
    select
        supplier_invoice_id,
        supplier_invoice_number,
        supplier_id,
        purchase_order_id,
        currency_code,
        invoice_date,
        due_date,
        as_of_date,
        total_amount,
        paid_amount,
        {{ money('total_amount - paid_amount', 38) }} as open_amount,
        last_payment_date,
        cast(days_past_due as integer) as days_past_due,
        {{ erp_aging_bucket('days_past_due') }} as aging_bucket
    from balances
)

select * from final
