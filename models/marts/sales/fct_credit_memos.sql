{#-
    fct_credit_memos: one row per ERP credit memo (lake extracts): returns, price adjustments,
    damage and goodwill credits against customer invoices, dated on or before the receivables as-of
    date (int_sales__as_of_date), like fct_invoices. With fct_invoices it gives net sales (invoiced
    less credited) by month. EUR at the credit date's rate, as rpt_ar_credit_memos_by_period.
-#}

with

credit_memos as (
    select * from {{ ref('stg_lake_erp__credit_memos') }}
),

invoices as (
    select * from {{ ref('stg_lake_erp__invoices') }}
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

enriched as (
    select
        credit_memos.credit_memo_id,
        credit_memos.credit_memo_number,
        credit_memos.invoice_id,
        credit_memos.customer_id,
        credit_memos.rma_number,
        credit_memos.credit_date,
        credit_memos.credit_amount,
        credit_memos.reason_code,
        invoices.invoice_id as matched_invoice_id,
        invoices.currency_code,
        invoices.invoice_date
    from credit_memos
    cross join as_of
    left join invoices
        on credit_memos.invoice_id = invoices.invoice_id
    where credit_memos.credit_date <= as_of.as_of_date
),

resolved as (
    select
        enriched.*,
        customers.customer_key,
        {{ eur_rate('enriched.currency_code') }}
            as exchange_rate
    from enriched
    left join customers
        on
            enriched.customer_id = customers.customer_id
            and cast(enriched.credit_date as {{ dbt.type_timestamp() }}) >= customers.valid_from_at
            and cast(enriched.credit_date as {{ dbt.type_timestamp() }}) < customers.valid_to_at
    {{ eur_rate_join('enriched.currency_code', 'enriched.credit_date') }}
)

select
    -- keys
    cast({{ surrogate_key(['credit_memo_id']) }} as varchar(32)) as credit_memo_key,
    cast(credit_memo_id as bigint) as credit_memo_id,
    cast(credit_memo_number as varchar(16)) as credit_memo_number,
    cast(invoice_id as bigint) as invoice_id,
    cast(
        case when matched_invoice_id is not null then {{ surrogate_key(['matched_invoice_id']) }} else '-1' end
        as varchar(32)
    ) as invoice_key,
    cast(rma_number as varchar(16)) as rma_number,
    {{ dimension_key('customer_key') }} as customer_key,
    -- date roles (dim_date)
    {{ date_key('credit_date') }} as credit_date_key,
    {{ date_key('invoice_date') }} as invoice_date_key,
    -- dates (the typed dates behind the date keys, for the semantic layer)
    cast(credit_date as date) as credit_date,
    cast(invoice_date as date) as invoice_date,
    -- attributes
    cast(reason_code as varchar(20)) as reason_code,
    cast(currency_code as varchar(3)) as currency_code,
    -- flags
    {{ to_flag('rma_number is not null') }} as is_return,
    -- amounts (invoice currency)
    {{ money('credit_amount') }} as credit_amount,
    {{ erp_to_reporting_currency('credit_amount', 'currency_code', 'exchange_rate') }} as credit_amount_eur
from resolved
