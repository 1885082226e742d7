{#- Invoiced sales by fiscal period, customer, product and invoice currency, up to the as-of date,
    in the invoice currency and in the reporting currency (EUR). Each invoice line converts at the
    EUR rate of its invoice date, or of the latest earlier rate date (rates are EUR -> X, so
    EUR = amount / rate). Credit memos are not deducted (they credit whole invoices, not lines).

    Incremental by fiscal period and customer (delete+insert on fiscal_period_id and customer_id: every
    row of a rebuilt period and customer is replaced): a run recomputes, from all their invoice lines, the
    periods and customers with an invoice in which something changed since the last run, and keeps the
    others. An invoice's period and customer are recomputed when it is
    * an invoice or has an invoice line changed in the ERP at or after the latest `source_updated_at`
      held less var('erp_updated_at_lookback_minutes') (macro arrival_watermark on the ERP's updated_at: a
      new, late or backdated invoice, a status change; the lookback covers a row stamped before the
      latest updated_at a run saw but committed after it); invoice dates, customers and lines never
      change once inserted (landing contract);
    * dated on or after the earliest rate date of a rate that landed at or after the latest
      `rates_landed_at` held (the lake's arrival marker): a new day's rate, a late rate, a correction of
      an old rate (each changes the windows from its rate date on), or dated after the latest rate date
      that landed before it (a feed end that moved over a missing day);
    * dated after the latest invoice date held, up to the as-of date (the as-of date moved forward);
    and the periods and customers held with rows dated after the as-of date are recomputed (it moved
    back: the post-hook deletes the rows left with no invoice on or before it).
    So the table equals a full refresh: a row's figures come from its own invoices' lines and rates
    only, so a row none of whose invoices, lines, rates or as-of window changed aggregates to the same
    values. source_updated_at and rates_landed_at are the latest change of the row's inputs (so they
    are the same whichever run built the row). The watermarks are literals read when the run starts
    (arrival_watermark_literal), and the change query reads the staged tables once each: a run with
    nothing new recomputes the customers of the last hour's invoice changes and of the last rate day.
-#}
{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key=['fiscal_period_id', 'customer_id'],
        on_schema_change='fail',
        post_hook=[
            "delete from {{ this }} where first_invoice_date > (select as_of.as_of_date from "
            ~ "{{ ref('int_reporting_as_of_date') }} as as_of)"
        ]
    )
}}

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

{% if is_incremental() -%}
{%- set erp_change_watermark = dbt.dateadd(
    'minute', -(var('erp_updated_at_lookback_minutes') | int), arrival_watermark_literal('source_updated_at')
) -%}
{%- set rates_watermark = arrival_watermark_literal('rates_landed_at') -%}
-- the periods and customers in which something changed since the last run (see the header); the staged
-- tables by name, not by their CTEs (DuckDB copies a CTE read twice whole)
changed_keys as (
    select
        {{ erp_fiscal_period_id('changed.invoice_date') }} as fiscal_period_id,
        changed.customer_id
    from {{ ref('stg_erp__invoices') }} as changed
    cross join as_of
    where
        changed.updated_at >= {{ erp_change_watermark }}
        or changed.invoice_id in (
            select changed_lines.invoice_id
            from {{ ref('stg_erp__invoice_lines') }} as changed_lines
            where changed_lines.updated_at >= {{ erp_change_watermark }}
        )
        or changed.invoice_date >= (
            select min(exchange_rates.valid_from_date)
            from exchange_rates
            where exchange_rates.landed_at >= {{ rates_watermark }}
        )
        or changed.invoice_date > (
            select max(exchange_rates.valid_from_date)
            from exchange_rates
            where exchange_rates.landed_at < {{ rates_watermark }}
        )
        or (
            changed.invoice_date > (select max(held.last_invoice_date) from {{ this }} as held)
            and changed.invoice_date <= as_of.as_of_date
        )
    union
    select
        held.fiscal_period_id,
        held.customer_id
    from {{ this }} as held
    cross join as_of
    where held.last_invoice_date > as_of.as_of_date
),

-- their invoices (filtered before the lines are joined: the period is computed on invoices, not lines)
changed_invoices as (
    select recomputed.invoice_id
    from {{ ref('stg_erp__invoices') }} as recomputed
    inner join changed_keys
        on {{ erp_fiscal_period_id('recomputed.invoice_date') }} = changed_keys.fiscal_period_id
            and recomputed.customer_id = changed_keys.customer_id
),
{%- endif %}

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
            as exchange_rate,
        case
            when invoice_lines.updated_at > invoices.updated_at then invoice_lines.updated_at
            else invoices.updated_at
        end as source_updated_at,
        exchange_rates.landed_at as rate_landed_at
    from invoice_lines
    {% if is_incremental() -%}
    inner join changed_invoices
        on invoice_lines.invoice_id = changed_invoices.invoice_id
    {% endif -%}
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
        cast(sum(case when exchange_rate is null then 1 else 0 end) as integer) as unconverted_line_count,
        max(source_updated_at) as source_updated_at,
        max(rate_landed_at) as rates_landed_at
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
        {{ money('net_amount_eur + tax_amount_eur', 38) }} as gross_amount_eur,
        -- change tracking (the incremental run's watermarks)
        cast(source_updated_at as {{ dbt.type_timestamp() }}) as source_updated_at,
        cast(rates_landed_at as {{ dbt.type_timestamp() }}) as rates_landed_at
    from aggregated
)

select * from final
