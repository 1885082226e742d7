-- Lint exception ST05: a test is wrapped in a subquery, and T-SQL forbids nested WITH, so tests use
-- subqueries, not CTEs.
-- noqa: disable=ST05
{{ config(severity='error') }}
-- No silent NULL in EUR: every sales-star fact row with an amount but a NULL EUR amount, in any of
-- its *_eur columns, is listed in quarantine_unconverted_amounts. Returns the rows that are not.
select
    nulls.fact_name,
    nulls.document_key
from (
    select
        'fct_sales_order_lines' as fact_name,
        sales_order_line_key as document_key
    from {{ ref('fct_sales_order_lines') }}
    where
        net_amount_eur is null
        or gross_amount_eur is null
        or discount_amount_eur is null
        or invoiced_amount_eur is null
    union all
    select
        'fct_invoices' as fact_name,
        invoice_key as document_key
    from {{ ref('fct_invoices') }}
    where
        subtotal_amount_eur is null
        or tax_amount_eur is null
        or total_amount_eur is null
        or paid_amount_eur is null
        or credited_amount_eur is null
        or open_amount_eur is null
    union all
    select
        'fct_payments' as fact_name,
        payment_key as document_key
    from {{ ref('fct_payments') }}
    where payment_amount_eur is null
    union all
    select
        'fct_credit_memos' as fact_name,
        credit_memo_key as document_key
    from {{ ref('fct_credit_memos') }}
    where credit_amount_eur is null
    union all
    select
        'fct_returns' as fact_name,
        return_item_key as document_key
    from {{ ref('fct_returns') }}
    where
        (returned_amount is not null and returned_amount_eur is null)
        or (refund_amount is not null and refund_amount_eur is null)
        or (credited_amount is not null and credited_amount_eur is null)
) as nulls
left join {{ ref('quarantine_unconverted_amounts') }} as quarantine
    on
        nulls.fact_name = quarantine.fact_name
        and nulls.document_key = quarantine.document_key
where quarantine.document_key is null
