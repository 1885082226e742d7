{#- The as-of date of every ERP reporting mart. var('as_of_date') (YYYY-MM-DD) when given;
    otherwise (DuckDB only: the T-SQL targets require the var, macro reporting_as_of_date_var) the
    latest business date in the ERP, so a rebuild over the same data gives the same answer (a run
    date would not). The var is parsed as a date (esa_date) before it reaches SQL. -#}
{%- set as_of_date = reporting_as_of_date_var() -%}

with

sales_orders as (
    select * from {{ ref('stg_erp__sales_orders') }}
),

invoices as (
    select * from {{ ref('stg_erp__invoices') }}
),

payments as (
    select * from {{ ref('stg_erp__payments') }}
),

credit_memos as (
    select * from {{ ref('stg_erp__credit_memos') }}
),

purchase_orders as (
    select * from {{ ref('stg_erp__purchase_orders') }}
),

supplier_invoices as (
    select * from {{ ref('stg_erp__supplier_invoices') }}
),

supplier_payments as (
    select * from {{ ref('stg_erp__supplier_payments') }}
),

journal_entries as (
    select * from {{ ref('stg_erp__gl_journal_entries') }}
),

business_dates as (
    select max(order_date) as business_date from sales_orders
    union all
    select max(invoice_date) as business_date from invoices
    union all
    select max(payment_date) as business_date from payments
    union all
    select max(credit_date) as business_date from credit_memos
    union all
    select max(order_date) as business_date from purchase_orders
    union all
    select max(invoice_date) as business_date from supplier_invoices
    union all
    select max(payment_date) as business_date from supplier_payments
    union all
    select max(posting_date) as business_date from journal_entries
),

as_of as (
    {% if as_of_date -%}
    select cast('{{ as_of_date }}' as date) as as_of_date
    {%- else -%}
    select cast(max(business_date) as date) as as_of_date
    from business_dates
    {%- endif %}
)

select as_of_date from as_of
