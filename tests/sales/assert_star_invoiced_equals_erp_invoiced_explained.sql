{#-
    One answer for invoiced revenue: per invoice currency and fiscal period (a calendar month), the
    invoice totals of the sales star (fct_invoices, lake extracts) equal the gross invoiced amount
    of the ERP reporting mart rpt_sales_by_period_customer_product (the ERP itself: net + tax) plus
    the explained difference: invoices not landed in the lake yet, or landed in an older version
    (macro receivables_differences_ctes). Exact to the cent: no tolerance.
    Fails on: the two as-of dates differ; an unexplained difference; a currency and period where
    star - reports != the explained difference. DuckDB only (two databases in production).
-#}
{{ config(enabled=(target.type == 'duckdb'), severity='error', tags=['reconciliation']) }}

with

star_invoices as (
    select * from {{ ref('fct_invoices') }}
),

dates as (
    select * from {{ ref('dim_date') }}
),

report_sales as (
    select * from {{ ref('rpt_sales_by_period_customer_product') }}
),

{{ receivables_differences_ctes() }},

amounts as (
    select
        star_invoices.currency_code,
        {{ erp_fiscal_period_id('dates.calendar_date') }} as fiscal_period_id,
        star_invoices.total_amount as star_amount,
        cast(0 as decimal(18, 2)) as report_amount,
        cast(0 as decimal(18, 2)) as explained_amount
    from star_invoices
    inner join dates on star_invoices.invoice_date_key = dates.date_key
    union all
    select
        currency_code,
        fiscal_period_id,
        cast(0 as decimal(18, 2)) as star_amount,
        gross_amount as report_amount,
        cast(0 as decimal(18, 2)) as explained_amount
    from report_sales
    union all
    select
        currency_code,
        {{ erp_fiscal_period_id('document_date') }} as fiscal_period_id,
        cast(0 as decimal(18, 2)) as star_amount,
        cast(0 as decimal(18, 2)) as report_amount,
        invoiced_effect as explained_amount
    from receivable_differences
    where document_type = 'invoice'
),

by_currency_period as (
    select
        currency_code,
        fiscal_period_id,
        sum(star_amount) as star_invoiced_amount,
        sum(report_amount) as report_invoiced_amount,
        sum(explained_amount) as explained_difference_amount
    from amounts
    group by currency_code, fiscal_period_id
)

select
    'as-of dates differ' as failure,
    cast(null as varchar) as currency_code,
    cast(null as integer) as fiscal_period_id,
    cast(null as decimal(18, 2)) as star_invoiced_amount,
    cast(null as decimal(18, 2)) as report_invoiced_amount,
    cast(null as decimal(18, 2)) as explained_difference_amount
from recon_star_as_of
cross join recon_erp_as_of
where recon_star_as_of.as_of_date != recon_erp_as_of.as_of_date
union all
select
    concat('unexplained invoice ', cast(document_id as varchar)) as failure,
    currency_code,
    {{ erp_fiscal_period_id('document_date') }} as fiscal_period_id,
    null as star_invoiced_amount,
    null as report_invoiced_amount,
    invoiced_effect as explained_difference_amount
from receivable_differences
where reason = 'unexplained' and document_type = 'invoice'
union all
select
    'star - reports != explained' as failure,
    currency_code,
    fiscal_period_id,
    star_invoiced_amount,
    report_invoiced_amount,
    explained_difference_amount
from by_currency_period
where star_invoiced_amount - report_invoiced_amount != explained_difference_amount
