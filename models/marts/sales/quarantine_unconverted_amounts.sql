{#-
    quarantine_unconverted_amounts: every sales-star fact row whose amounts cannot be converted to
    EUR, so a NULL EUR amount is never silent. One row per fact row, with the reason:
      - missing_rate: the document's currency has no EUR rate on or before the rate date (the
        exchange-rate feed lacks the currency or starts later). A test at error severity fails the
        build on any such row: finance cannot sign EUR totals with a hole in them.
      - unknown_currency: the document's currency is unknown because the lake extract lost the key
        to the document that carries it (a payment or credit memo without its invoice, an order
        line without its order header: dirty extracts, landing contract). Reported, not fatal:
        the document-currency amount is still in the fact, on the unknown member.
    The fact row stays in its fact (document-currency totals still reconcile with the ERP); only its
    EUR amounts are NULL. Totals in EUR leave these rows out; this table says how much is left out.
-#}
with

order_lines as (
    select * from {{ ref('fct_sales_order_lines') }}
),

invoices as (
    select * from {{ ref('fct_invoices') }}
),

payments as (
    select * from {{ ref('fct_payments') }}
),

credit_memos as (
    select * from {{ ref('fct_credit_memos') }}
),

returns as (
    select * from {{ ref('fct_returns') }}
),

unconverted as (
    select
        'fct_sales_order_lines' as fact_name,
        sales_order_line_key as document_key,
        currency_code,
        order_date_key as rate_date_key,
        net_amount as amount
    from order_lines
    where net_amount_eur is null or gross_amount_eur is null or invoiced_amount_eur is null
    union all
    select
        'fct_invoices' as fact_name,
        invoice_key as document_key,
        currency_code,
        invoice_date_key as rate_date_key,
        total_amount as amount
    from invoices
    where total_amount_eur is null or open_amount_eur is null
    union all
    select
        'fct_payments' as fact_name,
        payment_key as document_key,
        currency_code,
        invoice_date_key as rate_date_key,
        payment_amount as amount
    from payments
    where payment_amount_eur is null
    union all
    select
        'fct_credit_memos' as fact_name,
        credit_memo_key as document_key,
        currency_code,
        credit_date_key as rate_date_key,
        credit_amount as amount
    from credit_memos
    where credit_amount_eur is null
    union all
    select
        'fct_returns' as fact_name,
        return_item_key as document_key,
        currency_code,
        requested_date_key as rate_date_key,
        refund_amount as amount
    from returns
    where
        (returned_amount is not null and returned_amount_eur is null)
        or (refund_amount is not null and refund_amount_eur is null)
        or (credited_amount is not null and credited_amount_eur is null)
)

select
    -- keys
    cast(fact_name as varchar(32)) as fact_name,
    cast(document_key as varchar(32)) as document_key,
    -- attributes
    cast(currency_code as varchar(3)) as currency_code,
    cast(case when currency_code is null then 'unknown_currency' else 'missing_rate' end as varchar(20))
        as reason,
    -- date roles (dim_date)
    cast(rate_date_key as int) as rate_date_key,
    -- amounts (document currency)
    {{ money('amount') }} as amount
from unconverted
