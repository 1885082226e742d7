{#- Every customer invoice's total equals the sum of its lines plus tax: subtotal = sum(line amounts),
    tax = sum(line tax), total = subtotal + tax. An invoice without lines fails too. -#}
with

invoices as (
    select * from {{ ref('stg_erp__invoices') }}
),

invoice_lines as (
    select * from {{ ref('stg_erp__invoice_lines') }}
),

line_totals as (
    select
        invoice_id,
        sum(line_amount) as line_amount,
        sum(tax_amount) as tax_amount
    from invoice_lines
    group by invoice_id
)

select
    invoices.invoice_id,
    invoices.subtotal_amount,
    invoices.tax_amount,
    invoices.total_amount,
    line_totals.line_amount as lines_amount,
    line_totals.tax_amount as lines_tax_amount
from invoices
left join line_totals
    on invoices.invoice_id = line_totals.invoice_id
where line_totals.invoice_id is null
    or invoices.subtotal_amount != line_totals.line_amount
    or invoices.tax_amount != line_totals.tax_amount
    or invoices.total_amount != line_totals.line_amount + line_totals.tax_amount
