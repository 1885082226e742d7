{#- rpt_sales_by_period_customer_product holds every ERP invoice line dated up to the as-of date once,
    under its invoice's fiscal period, customer and currency: per (fiscal period, customer, currency)
    its line count and net amount equal the ERP's invoice lines'. The report is incremental by fiscal
    period and customer, and relies on the landing contract (an invoice's date and customer never
    change once inserted): an invoice that moved would leave its old row behind, counted twice, and
    this test fails on both keys. Reads both tables whole on every run (0.9 s of CPU at scale 1). The
    currency is matched with null_safe_equals: an OR in the join condition made DuckDB join every
    pair of rows (56 s of CPU at scale 1, measured on the benchmark's database). -#}
with

as_of as (
    select * from {{ ref('int_reporting_as_of_date') }}
),

erp_lines as (
    select
        {{ erp_fiscal_period_id('invoices.invoice_date') }} as fiscal_period_id,
        invoices.customer_id,
        invoices.currency_code,
        cast(count(*) as integer) as invoice_line_count,
        {{ money_sum(money('invoice_lines.line_amount')) }} as net_amount
    from {{ ref('stg_erp__invoice_lines') }} as invoice_lines
    inner join {{ ref('stg_erp__invoices') }} as invoices
        on invoice_lines.invoice_id = invoices.invoice_id
    cross join as_of
    where invoices.invoice_date <= as_of.as_of_date
    group by {{ erp_fiscal_period_id('invoices.invoice_date') }}, invoices.customer_id, invoices.currency_code
),

report as (
    select
        fiscal_period_id,
        customer_id,
        currency_code,
        cast(sum(invoice_line_count) as integer) as invoice_line_count,
        {{ money_sum('net_amount') }} as net_amount
    from {{ ref('rpt_sales_by_period_customer_product') }}
    group by fiscal_period_id, customer_id, currency_code
)

select
    coalesce(erp_lines.fiscal_period_id, report.fiscal_period_id) as fiscal_period_id,
    coalesce(erp_lines.customer_id, report.customer_id) as customer_id,
    coalesce(erp_lines.currency_code, report.currency_code) as currency_code,
    erp_lines.invoice_line_count as erp_line_count,
    report.invoice_line_count as report_line_count,
    erp_lines.net_amount as erp_net_amount,
    report.net_amount as report_net_amount
from erp_lines
full outer join report
    on erp_lines.fiscal_period_id = report.fiscal_period_id
        and erp_lines.customer_id = report.customer_id
        and {{ null_safe_equals('erp_lines.currency_code', 'report.currency_code') }}
where
    erp_lines.invoice_line_count is null
    or report.invoice_line_count is null
    or erp_lines.invoice_line_count != report.invoice_line_count
    or erp_lines.net_amount != report.net_amount
