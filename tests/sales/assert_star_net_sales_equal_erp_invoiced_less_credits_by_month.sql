{#-
    Business invariant: net sales in the sales star (invoices less credit memos, built from the lake
    extracts) equal invoiced amounts less credit memos in the ERP itself, per calendar month.
    Returns the months that disagree by more than half a cent.

    Amounts are summed across currencies: a control total, not a reporting figure.
    Only documents dated up to 5 days before the latest lake partition are compared: a row
    version may land up to three partitions late, so the newest days of the lake are legitimately
    incomplete.
    The star (Synapse) and the ERP (Hyperscale) live in different databases in production; the
    reconciliation runs where both are visible, on the local DuckDB target (dev and CI).
-#}
{{ config(enabled=(target.type == 'duckdb'), tags=['reconciliation']) }}

with

star_invoices as (
    select * from {{ ref('fct_invoices') }}
),

star_credit_memos as (
    select * from {{ ref('fct_credit_memos') }}
),

dates as (
    select * from {{ ref('dim_date') }}
),

lake_invoices as (
    select * from {{ ref('stg_lake_erp__invoices') }}
),

erp_invoices as (
    select * from {{ ref('stg_erp__invoices') }}
),

erp_credit_memos as (
    select * from {{ ref('stg_erp__credit_memos') }}
),

horizon as (
    select {{ dbt.dateadd('day', -5, 'max(ingest_date)') }} as complete_through
    from lake_invoices
),

star_amounts as (
    select
        dates.year_month,
        star_invoices.total_amount as amount
    from star_invoices
    inner join dates on star_invoices.invoice_date_key = dates.date_key
    cross join horizon
    where dates.calendar_date <= horizon.complete_through
    union all
    select
        dates.year_month,
        -star_credit_memos.credit_amount as amount
    from star_credit_memos
    inner join dates on star_credit_memos.credit_date_key = dates.date_key
    cross join horizon
    where dates.calendar_date <= horizon.complete_through
),

erp_amounts as (
    select
        year(erp_invoices.invoice_date) * 100 + month(erp_invoices.invoice_date) as year_month,
        erp_invoices.total_amount as amount
    from erp_invoices
    cross join horizon
    where erp_invoices.invoice_date <= horizon.complete_through
    union all
    select
        year(erp_credit_memos.credit_date) * 100 + month(erp_credit_memos.credit_date) as year_month,
        -erp_credit_memos.credit_amount as amount
    from erp_credit_memos
    cross join horizon
    where erp_credit_memos.credit_date <= horizon.complete_through
),

star_by_month as (
    select
        year_month,
        sum(amount) as net_sales_amount
    from star_amounts
    group by year_month
),

erp_by_month as (
    select
        year_month,
        sum(amount) as net_sales_amount
    from erp_amounts
    group by year_month
)

select
    coalesce(star_by_month.year_month, erp_by_month.year_month) as year_month,
    star_by_month.net_sales_amount as star_net_sales_amount,
    erp_by_month.net_sales_amount as erp_net_sales_amount
from star_by_month
full outer join erp_by_month
    on star_by_month.year_month = erp_by_month.year_month
where
    star_by_month.year_month is null
    or erp_by_month.year_month is null
    or abs(star_by_month.net_sales_amount - erp_by_month.net_sales_amount) > 0.005
