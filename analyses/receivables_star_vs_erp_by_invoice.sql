{#-
    For a finance user: why the sales star (Power BI, from the lake) and the ERP reporting marts
    (rpt_ar_open_items, from the ERP) show a different open amount for an invoice, one row per
    invoice and document that explains it. Columns: the invoice, its open amount in each, the
    difference, then the document behind it (an invoice version, a payment or a credit memo), the
    reason and the amount it explains. Every difference has a reason; the reconciliation tests in
    tests/sales prove the explained amounts add up to the difference, per currency and month.
    Reasons: not_landed and older_version_in_lake (the lake lags the ERP by up to three days),
    invoice_key_null_in_lake and invoice_key_orphan_in_lake (the lake's copy of a payment or credit
    memo lost its invoice number, so the star cannot apply it; the ERP's figure is right).
    Run it where both destinations are visible (the local DuckDB build):
        dbt compile --target local --select receivables_star_vs_erp_by_invoice
    then run target/compiled/.../receivables_star_vs_erp_by_invoice.sql.
-#}
with

star_invoices as (
    select * from {{ ref('fct_invoices') }}
),

report_open_items as (
    select * from {{ ref('rpt_ar_open_items') }}
),

{{ receivables_differences_ctes() }},

explained_by_invoice as (
    select
        invoice_id,
        document_type,
        document_id,
        reason,
        sum(open_effect) as explained_amount
    from receivable_differences
    group by invoice_id, document_type, document_id, reason
),

open_by_invoice as (
    select
        coalesce(star_invoices.invoice_id, report_open_items.invoice_id) as invoice_id,
        coalesce(report_open_items.invoice_number, star_invoices.invoice_number) as invoice_number,
        coalesce(report_open_items.currency_code, star_invoices.currency_code) as currency_code,
        coalesce(star_invoices.open_amount, 0) as star_open_amount,
        coalesce(report_open_items.open_amount, 0) as report_open_amount
    from star_invoices
    full outer join report_open_items
        on star_invoices.invoice_id = report_open_items.invoice_id
)

select
    open_by_invoice.invoice_id,
    open_by_invoice.invoice_number,
    open_by_invoice.currency_code,
    open_by_invoice.star_open_amount,
    open_by_invoice.report_open_amount,
    open_by_invoice.star_open_amount - open_by_invoice.report_open_amount as difference_amount,
    explained_by_invoice.document_type,
    explained_by_invoice.document_id,
    explained_by_invoice.reason,
    explained_by_invoice.explained_amount
from open_by_invoice
inner join explained_by_invoice
    on open_by_invoice.invoice_id = explained_by_invoice.invoice_id
where explained_by_invoice.explained_amount != 0
