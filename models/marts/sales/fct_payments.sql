{#-
    fct_payments: one row per customer payment applied to an invoice (lake extracts). EUR at the
    invoice date's rate, as fct_invoices.paid_amount_eur, so a settled invoice nets to zero in EUR.

    Incremental by arrival (delete+insert on payment_id, the grain): a run reloads the payments any
    of whose source rows landed since the latest source_landed_at held (macro arrival_watermark):
    the payment, its invoice (currency, dates, whether it exists), any version of its customer (the
    version valid on the payment date); and, when an EUR rate landed since, the payments whose
    invoice is dated from its rate date on, or after the latest rate date landed before (a feed end
    that moved over a missing day), as in fct_sales_order_lines. No column depends on the as-of date.
    Equals a full refresh (tooling/tests/test_star_service.py: daily runs equal a build from scratch).
-#}
{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='payment_id',
        on_schema_change='fail'
    )
}}

with

all_payments as (
    select * from {{ ref('stg_lake_erp__payments') }}
),

invoices as (
    select * from {{ ref('stg_lake_erp__invoices') }}
),

customer_versions as (
    select * from {{ ref('stg_lake_erp__customer_versions') }}
),

customers as (
    select * from {{ ref('dim_customer') }}
),

exchange_rates as (
    select * from {{ ref('int_exchange_rates_valid') }}
),

{% if is_incremental() %}
-- the arrival watermark, read once: the latest source_landed_at already built
watermark as (
    select {{ arrival_watermark('source_landed_at') }} as landed_at
),

-- the first invoice date an EUR rate landed since the watermark can convert anew (fct_invoices)
reconverted as (
    {{ rates_reconverted_from('exchange_rates', '(select watermark.landed_at from watermark)') }}
),

-- the payments whose row may differ from the one held (see the header)
changed_payments as (
    select changed.payment_id
    from all_payments as changed
    where
        changed.landed_at >= (select watermark.landed_at from watermark)
        or changed.customer_id in (
            select changed_customers.customer_id
            from customer_versions as changed_customers
            where changed_customers.landed_at >= (select watermark.landed_at from watermark)
        )
    union
    select changed.payment_id
    from all_payments as changed
    inner join invoices as changed_invoices
        on changed.invoice_id = changed_invoices.invoice_id
    where
        changed_invoices.landed_at >= (select watermark.landed_at from watermark)
        or changed_invoices.invoice_date >= (select reconverted.from_date from reconverted)
),
{% endif %}

payments as (
    select * from all_payments
    {% if is_incremental() %}
    where payment_id in (select changed_payments.payment_id from changed_payments)
    {% endif %}
),

-- the latest arrival of every version of a customer (a late version re-resolves the payment)
customer_arrivals as (
    select
        customer_id,
        max(landed_at) as landed_at
    from customer_versions
    group by customer_id
),

enriched as (
    select
        payments.payment_id,
        payments.invoice_id,
        payments.customer_id,
        payments.payment_date,
        payments.payment_amount,
        payments.payment_method,
        invoices.invoice_id as matched_invoice_id,
        invoices.currency_code,
        invoices.invoice_date,
        invoices.due_date,
        -- the latest arrival of the payment, its invoice and its customer's versions: the watermark
        case
            when invoices.landed_at > payments.landed_at
                and (customer_arrivals.landed_at is null or invoices.landed_at >= customer_arrivals.landed_at)
                then invoices.landed_at
            when customer_arrivals.landed_at > payments.landed_at then customer_arrivals.landed_at
            else payments.landed_at
        end as source_landed_at
    from payments
    left join invoices
        on payments.invoice_id = invoices.invoice_id
    left join customer_arrivals
        on payments.customer_id = customer_arrivals.customer_id
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
            and cast(enriched.payment_date as {{ dbt.type_timestamp() }}) >= customers.valid_from_at
            and cast(enriched.payment_date as {{ dbt.type_timestamp() }}) < customers.valid_to_at
    {{ eur_rate_join('enriched.currency_code', 'enriched.invoice_date') }}
)

select
    -- keys
    cast({{ surrogate_key(['payment_id']) }} as varchar(32)) as payment_key,
    cast(payment_id as bigint) as payment_id,
    cast(invoice_id as bigint) as invoice_id,
    cast(
        case when matched_invoice_id is not null then {{ surrogate_key(['matched_invoice_id']) }} else '-1' end
        as varchar(32)
    ) as invoice_key,
    {{ dimension_key('customer_key') }} as customer_key,
    -- date roles (dim_date)
    {{ date_key('payment_date') }} as payment_date_key,
    {{ date_key('invoice_date') }} as invoice_date_key,
    -- dates (the typed dates behind the date keys, for the semantic layer)
    cast(payment_date as date) as payment_date,
    cast(invoice_date as date) as invoice_date,
    -- attributes
    cast(payment_method as varchar(20)) as payment_method,
    cast(currency_code as varchar(3)) as currency_code,
    -- flags
    {{ to_flag('payment_date > due_date') }} as is_late,
    -- amounts (invoice currency)
    {{ money('payment_amount') }} as payment_amount,
    {{ erp_to_reporting_currency('payment_amount', 'currency_code', 'exchange_rate') }} as payment_amount_eur,
    -- durations
    cast({{ dbt.datediff('invoice_date', 'payment_date', 'day') }} as int) as days_after_invoice,
    -- change tracking (the incremental run's watermark)
    cast(source_landed_at as {{ dbt.type_timestamp() }}) as source_landed_at
from resolved
