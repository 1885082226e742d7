{#- fct_payments: one row per customer payment applied to an invoice (lake extracts). EUR at the
    invoice date's rate, as fct_invoices.paid_amount_eur, so a settled invoice nets to zero in EUR. -#}

with

payments as (
    select * from {{ ref('stg_lake_erp__payments') }}
),

invoices as (
    select * from {{ ref('stg_lake_erp__invoices') }}
),

customers as (
    select * from {{ ref('dim_customer') }}
),

exchange_rates as (
    select * from {{ ref('int_exchange_rates_valid') }}
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
        invoices.due_date
    from payments
    left join invoices
        on payments.invoice_id = invoices.invoice_id
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
    cast({{ dbt.datediff('invoice_date', 'payment_date', 'day') }} as int) as days_after_invoice
from resolved
