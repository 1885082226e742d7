{#-
    fct_invoices: the receivables fact, one row per customer invoice (lake extracts) dated on or
    before the receivables as-of date (int_sales__as_of_date), with what has been paid and credited
    against it up to that date and the open amount: the same definition as the ERP reporting marts
    (int_invoice_balances), so both give one answer as of one date. Rebuilt in full each run (not
    incremental, issue 14): the as-of date moves with every landed day, and with it the open amount
    of every open invoice (converted at the as-of date's rate), and, when the as-of date passes the
    rate feed's end, whether the as-of rate exists at all for every invoice of a currency; payments
    and credit memos keep changing old invoices. An incremental version would have to reload the
    open invoices, the invoices whose payments, credits or rates landed, and every invoice of a
    currency whose as-of rate appeared or vanished.
-#}

with

invoices as (
    select * from {{ ref('stg_lake_erp__invoices') }}
),

payments as (
    select * from {{ ref('stg_lake_erp__payments') }}
),

credit_memos as (
    select * from {{ ref('stg_lake_erp__credit_memos') }}
),

customers as (
    select * from {{ ref('dim_customer') }}
),

as_of as (
    select * from {{ ref('int_sales__as_of_date') }}
),

exchange_rates as (
    select * from {{ ref('int_exchange_rates_valid') }}
),

invoice_payments as (
    select
        payments.invoice_id,
        count(*) as payment_count,
        {{ money_sum('payments.payment_amount') }} as paid_amount,
        min(payments.payment_date) as first_payment_date,
        max(payments.payment_date) as last_payment_date
    from payments
    cross join as_of
    where payments.invoice_id is not null and payments.payment_date <= as_of.as_of_date
    group by payments.invoice_id
),

invoice_credits as (
    select
        credit_memos.invoice_id,
        count(*) as credit_memo_count,
        {{ money_sum('credit_memos.credit_amount') }} as credited_amount
    from credit_memos
    cross join as_of
    where credit_memos.invoice_id is not null and credit_memos.credit_date <= as_of.as_of_date
    group by credit_memos.invoice_id
),

enriched as (
    select
        invoices.*,
        coalesce(invoice_payments.payment_count, 0) as payment_count,
        coalesce(invoice_payments.paid_amount, 0) as paid_amount,
        invoice_payments.first_payment_date,
        invoice_payments.last_payment_date,
        coalesce(invoice_credits.credit_memo_count, 0) as credit_memo_count,
        coalesce(invoice_credits.credited_amount, 0) as credited_amount
    from invoices
    cross join as_of
    left join invoice_payments
        on invoices.invoice_id = invoice_payments.invoice_id
    left join invoice_credits
        on invoices.invoice_id = invoice_credits.invoice_id
    where invoices.invoice_date <= as_of.as_of_date
),

resolved as (
    select
        enriched.*,
        customers.customer_key,
        -- EUR -> invoice currency rates: of the invoice date, and of the as-of date for the open amount
        {{ eur_rate('enriched.currency_code', 'invoice_rates') }}
            as exchange_rate,
        {{ eur_rate('enriched.currency_code', 'as_of_rates') }}
            as as_of_exchange_rate
    from enriched
    cross join as_of
    left join customers
        on
            enriched.customer_id = customers.customer_id
            and cast(enriched.invoice_date as {{ dbt.type_timestamp() }}) >= customers.valid_from_at
            and cast(enriched.invoice_date as {{ dbt.type_timestamp() }}) < customers.valid_to_at
    {{ eur_rate_join('enriched.currency_code', 'enriched.invoice_date', alias='invoice_rates') }}
    {{ eur_rate_join('enriched.currency_code', 'as_of.as_of_date', alias='as_of_rates') }}
)

select
    -- keys
    cast({{ surrogate_key(['invoice_id']) }} as varchar(32)) as invoice_key,
    cast(invoice_id as bigint) as invoice_id,
    cast(invoice_number as varchar(16)) as invoice_number,
    cast(sales_order_id as bigint) as sales_order_id,
    {{ dimension_key('customer_key') }} as customer_key,
    -- date roles (dim_date)
    {{ date_key('invoice_date') }} as invoice_date_key,
    {{ date_key('due_date') }} as due_date_key,
    {{ date_key('last_payment_date') }} as last_payment_date_key,
    -- dates (the typed dates behind the date keys, for the semantic layer)
    cast(invoice_date as date) as invoice_date,
    cast(due_date as date) as due_date,
    cast(last_payment_date as date) as last_payment_date,
    -- attributes
    cast(currency_code as varchar(3)) as currency_code,
    cast(invoice_status as varchar(16)) as invoice_status,
    -- flags
    {{ to_flag('total_amount - paid_amount - credited_amount <= 0') }} as is_settled,
    -- counts
    cast(payment_count as int) as payment_count,
    cast(credit_memo_count as int) as credit_memo_count,
    -- amounts (invoice currency), each followed by EUR: at the invoice date's rate, the open amount
    -- at the as-of date's rate (as rpt_ar_open_items); NULL only when quarantined (quarantine_unconverted_amounts)
    {{ money('subtotal_amount') }} as subtotal_amount,
    {{ erp_to_reporting_currency('subtotal_amount', 'currency_code', 'exchange_rate') }} as subtotal_amount_eur,
    {{ money('tax_amount') }} as tax_amount,
    {{ erp_to_reporting_currency('tax_amount', 'currency_code', 'exchange_rate') }} as tax_amount_eur,
    {{ money('total_amount') }} as total_amount,
    {{ erp_to_reporting_currency('total_amount', 'currency_code', 'exchange_rate') }} as total_amount_eur,
    {{ money('paid_amount', 38) }} as paid_amount,
    {{ erp_to_reporting_currency('paid_amount', 'currency_code', 'exchange_rate', 38) }} as paid_amount_eur,
    {{ money('credited_amount', 38) }} as credited_amount,
    {{ erp_to_reporting_currency('credited_amount', 'currency_code', 'exchange_rate', 38) }} as credited_amount_eur,
    {{ money('total_amount - paid_amount - credited_amount', 38) }} as open_amount,
    {{ erp_to_reporting_currency(
        money('total_amount - paid_amount - credited_amount', 38), 'currency_code', 'as_of_exchange_rate', 38
    ) }} as open_amount_eur,
    -- durations
    cast(
        case
            when total_amount - paid_amount - credited_amount <= 0 and last_payment_date is not null
                then {{ dbt.datediff('invoice_date', 'last_payment_date', 'day') }}
        end as int
    ) as days_to_settle
from resolved
