{#- Invoiced sales by fiscal period, customer, product and invoice currency, up to the as-of date,
    in the invoice currency and in the reporting currency (EUR). Each invoice line converts at the
    EUR rate of its invoice date, or of the latest earlier rate date (rates are EUR -> X, so
    EUR = amount / rate). Credit memos are not deducted (they credit whole invoices, not lines). -#}

with

invoices as (
    select * from {{ ref('stg_erp__invoices') }}
),

invoice_lines as (
    select * from {{ ref('stg_erp__invoice_lines') }}
),

exchange_rates as (
    select * from {{ ref('int_exchange_rates_valid') }}
),

as_of as (
    select * from {{ ref('int_reporting_as_of_date') }}
),

lines as (
    select
        invoice_lines.invoice_line_id,
        invoice_lines.invoice_id,
        invoice_lines.product_id,
        invoices.customer_id,
        invoices.currency_code,
        invoices.invoice_date,
        {{ erp_fiscal_period_id('invoices.invoice_date') }} as fiscal_period_id,
        invoice_lines.quantity,
        {{ money('invoice_lines.line_amount') }} as net_amount,
        {{ money('invoice_lines.tax_amount') }} as tax_amount,
        {{ eur_rate('invoices.currency_code') }}
            as exchange_rate
    from invoice_lines
    inner join invoices
        on invoice_lines.invoice_id = invoices.invoice_id
    cross join as_of
    {{ eur_rate_join('invoices.currency_code', 'invoices.invoice_date') }}
    where invoices.invoice_date <= as_of.as_of_date
),

converted as (
    select
        lines.*,
        {{ erp_to_reporting_currency(
            'lines.net_amount',
            'lines.currency_code',
            'lines.exchange_rate'
        ) }} as net_amount_eur,
        {{ erp_to_reporting_currency(
            'lines.tax_amount',
            'lines.currency_code',
            'lines.exchange_rate'
        ) }} as tax_amount_eur
    from lines
),

aggregated as (
    select
        fiscal_period_id,
        customer_id,
        product_id,
        currency_code,
        min(invoice_date) as first_invoice_date,
        max(invoice_date) as last_invoice_date,
        cast(count(distinct invoice_id) as integer) as invoice_count,
        cast(count(*) as integer) as invoice_line_count,
        cast(sum(quantity) as integer) as invoiced_quantity,
        {{ money_sum('net_amount') }} as net_amount,
        {{ money_sum('tax_amount') }} as tax_amount,
        {{ money_sum('net_amount_eur') }} as net_amount_eur,
        {{ money_sum('tax_amount_eur') }} as tax_amount_eur,
        cast(sum(case when exchange_rate is null then 1 else 0 end) as integer) as unconverted_line_count
    from converted
    group by fiscal_period_id, customer_id, product_id, currency_code
),

final as (
    select
        -- keys
        fiscal_period_id,
        customer_id,
        product_id,
        currency_code,
        -- dates
        first_invoice_date,
        last_invoice_date,
        -- numbers
        invoice_count,
        invoice_line_count,
        unconverted_line_count,
        invoiced_quantity,
        -- amounts in the invoice currency
        net_amount,
        tax_amount,
        {{ money('net_amount + tax_amount', 38) }} as gross_amount,
        -- amounts in EUR
        net_amount_eur,
        tax_amount_eur,
        {{ money('net_amount_eur + tax_amount_eur', 38) }} as gross_amount_eur
    from aggregated
)

select * from final
