{#- Credit memos by fiscal period (of the credit date), customer, invoice currency and reason, up to
    the as-of date, in the invoice currency and in EUR converted memo by memo at the rate of the
    credit date (or the latest earlier rate date; rates are EUR -> X, so EUR = amount / rate). -#}

with

credit_memos as (
    select * from {{ ref('stg_erp__credit_memos') }}
),

invoices as (
    select * from {{ ref('stg_erp__invoices') }}
),

exchange_rates as (
    select * from {{ ref('int_exchange_rates_valid') }}
),

as_of as (
    select * from {{ ref('int_reporting_as_of_date') }}
),

memos as (
    select
        credit_memos.credit_memo_id,
        credit_memos.customer_id,
        credit_memos.reason_code,
        credit_memos.credit_date,
        invoices.currency_code,
        {{ erp_fiscal_period_id('credit_memos.credit_date') }} as fiscal_period_id,
        {{ money('credit_memos.credit_amount') }} as credited_amount,
        {{ eur_rate('invoices.currency_code') }}
            as exchange_rate
    from credit_memos
    inner join invoices
        on credit_memos.invoice_id = invoices.invoice_id
    cross join as_of
    {{ eur_rate_join('invoices.currency_code', 'credit_memos.credit_date') }}
    where credit_memos.credit_date <= as_of.as_of_date
),

converted as (
    select
        memos.*,
        {{ erp_to_reporting_currency('memos.credited_amount', 'memos.currency_code', 'memos.exchange_rate') }}
            as credited_amount_eur
    from memos
),

final as (
    select
        -- keys
        fiscal_period_id,
        customer_id,
        currency_code,
        reason_code,
        -- dates
        min(credit_date) as first_credit_date,
        max(credit_date) as last_credit_date,
        -- numbers
        cast(count(*) as integer) as credit_memo_count,
        cast(sum(case when exchange_rate is null then 1 else 0 end) as integer) as unconverted_credit_memo_count,
        -- amounts
        {{ money_sum('credited_amount') }} as credited_amount,
        {{ money_sum('credited_amount_eur') }} as credited_amount_eur
    from converted
    group by fiscal_period_id, customer_id, currency_code, reason_code
)

select * from final
