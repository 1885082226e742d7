{#-
    receivables_differences_ctes(): the CTEs that explain, document by document, why the sales star
    (lake extracts) and the ERP reporting marts (the ERP itself) differ on invoiced amounts, credit
    memos and open receivables when both are taken as of one date. Used by the reconciliation tests
    in tests/sales and by analyses/receivables_star_vs_erp_by_invoice.sql; DuckDB only (the two
    destinations live in different databases in production).

    Every invoice, payment and credit memo whose lake version (stg_lake_erp__*, deduplicated) is not
    the ERP's current row gives one or two rows in `receivable_differences`:
      - side 'star': what the lake version adds to the star (counted as fct_invoices and
        fct_credit_memos count it: dated on or before the star's as-of date, applied to the lake's
        invoice), bucketed by the lake invoice's currency and date;
      - side 'erp': what the ERP row adds to the reporting marts, negated (dated on or before the
        ERP as-of date, applied to the ERP invoice), bucketed by the ERP invoice's currency and date.
    So star - reports = the sum of `*_effect` per bucket, exactly. `reason` names why the rows differ:
      - not_landed: the ERP row has no lake version yet (the lake lags the ERP: a version lands one to
        three partitions late);
      - older_version_in_lake: the lake's latest version is older than the ERP row (same lag);
      - invoice_key_null_in_lake / invoice_key_orphan_in_lake: the lake version's invoice_id is NULL
        or points at no invoice (dirty extract, landing contract): the star cannot apply the
        payment or credit to its invoice;
      - unexplained: anything else (the tests fail on it).
    Columns: document_type, document_id, reason, side, invoice_id, currency_code, document_date
    (the invoice date for invoices and open amounts, the credit date for credit memos),
    invoiced_effect, credited_effect, open_effect.
-#}
{% macro receivables_differences_ctes() -%}
recon_star_as_of as (
    select as_of_date from {{ ref('int_sales__as_of_date') }}
),

{#- the ERP marts' as-of date, read from a public mart (int_reporting_as_of_date is private to
    the finance group); rpt_ar_customer_credit_exposure has one row per customer, all on that date -#}
recon_erp_as_of as (
    select max(as_of_date) as as_of_date from {{ ref('rpt_ar_customer_credit_exposure') }}
),

recon_lake_invoices as (
    select lake.*
    from {{ ref('stg_lake_erp__invoices') }} as lake
    cross join recon_star_as_of
    where lake.invoice_date <= recon_star_as_of.as_of_date
),

recon_erp_invoices as (
    select erp.*
    from {{ ref('stg_erp__invoices') }} as erp
    cross join recon_erp_as_of
    where erp.invoice_date <= recon_erp_as_of.as_of_date
),

recon_lake_payments as (
    select * from {{ ref('stg_lake_erp__payments') }}
),

recon_erp_payments as (
    select * from {{ ref('stg_erp__payments') }}
),

recon_lake_credit_memos as (
    select * from {{ ref('stg_lake_erp__credit_memos') }}
),

recon_erp_credit_memos as (
    select * from {{ ref('stg_erp__credit_memos') }}
),

recon_all_erp_invoice_ids as (
    select invoice_id from {{ ref('stg_erp__invoices') }}
),

{#- one row per invoice present on either side whose two versions differ -#}
recon_invoice_pairs as (
    select
        coalesce(erp.invoice_id, lake.invoice_id) as document_id,
        erp.invoice_id as erp_invoice_id,
        lake.invoice_id as lake_invoice_id,
        case
            when lake.invoice_id is null then 'not_landed'
            when erp.invoice_id is null then 'unexplained'
            when lake.updated_at < erp.updated_at then 'older_version_in_lake'
            else 'unexplained'
        end as reason
    from {{ ref('stg_erp__invoices') }} as erp
    full outer join {{ ref('stg_lake_erp__invoices') }} as lake
        on erp.invoice_id = lake.invoice_id
    where
        erp.invoice_id is null
        or lake.invoice_id is null
        or erp.total_amount != lake.total_amount
        or erp.invoice_date != lake.invoice_date
        or erp.currency_code != lake.currency_code
),

{#- payments and credit memos, both sides side by side -#}
recon_movement_pairs as (
    select
        'payment' as document_type,
        coalesce(erp.payment_id, lake.payment_id) as document_id,
        erp.payment_id as erp_document_id,
        lake.payment_id as lake_document_id,
        erp.updated_at as erp_updated_at,
        lake.updated_at as lake_updated_at,
        lake.invoice_id as lake_invoice_id,
        erp.invoice_id as erp_invoice_id,
        lake.payment_date as lake_date,
        erp.payment_date as erp_date,
        lake.payment_amount as lake_amount,
        erp.payment_amount as erp_amount
    from recon_erp_payments as erp
    full outer join recon_lake_payments as lake
        on erp.payment_id = lake.payment_id
    union all
    select
        'credit_memo' as document_type,
        coalesce(erp.credit_memo_id, lake.credit_memo_id) as document_id,
        erp.credit_memo_id as erp_document_id,
        lake.credit_memo_id as lake_document_id,
        erp.updated_at as erp_updated_at,
        lake.updated_at as lake_updated_at,
        lake.invoice_id as lake_invoice_id,
        erp.invoice_id as erp_invoice_id,
        lake.credit_date as lake_date,
        erp.credit_date as erp_date,
        lake.credit_amount as lake_amount,
        erp.credit_amount as erp_amount
    from recon_erp_credit_memos as erp
    full outer join recon_lake_credit_memos as lake
        on erp.credit_memo_id = lake.credit_memo_id
),

{#- a payment or credit memo differs when its two versions differ; one that is the same on both
    sides still counts when it is applied to a differing invoice (the invoice's reason) -#}
recon_movements_classified as (
    select
        recon_movement_pairs.*,
        case
            when recon_movement_pairs.lake_document_id is null then 'not_landed'
            when recon_movement_pairs.erp_document_id is null then 'unexplained'
            when recon_movement_pairs.lake_updated_at < recon_movement_pairs.erp_updated_at
                then 'older_version_in_lake'
            when recon_movement_pairs.lake_invoice_id is null and recon_movement_pairs.erp_invoice_id is not null
                then 'invoice_key_null_in_lake'
            when recon_movement_pairs.lake_invoice_id not in (select invoice_id from recon_all_erp_invoice_ids)
                then 'invoice_key_orphan_in_lake'
            when
                recon_movement_pairs.lake_amount != recon_movement_pairs.erp_amount
                or recon_movement_pairs.lake_date != recon_movement_pairs.erp_date
                or recon_movement_pairs.lake_invoice_id != recon_movement_pairs.erp_invoice_id
                then 'unexplained'
            else coalesce(lake_side_invoice.reason, erp_side_invoice.reason)
        end as reason
    from recon_movement_pairs
    left join recon_invoice_pairs as lake_side_invoice
        on recon_movement_pairs.lake_invoice_id = lake_side_invoice.document_id
    left join recon_invoice_pairs as erp_side_invoice
        on recon_movement_pairs.erp_invoice_id = erp_side_invoice.document_id
),

recon_classified as (
    select
        'invoice' as document_type,
        document_id,
        reason,
        lake_invoice_id,
        erp_invoice_id,
        cast(null as date) as lake_date,
        cast(null as date) as erp_date,
        cast(null as decimal(18, 2)) as lake_amount,
        cast(null as decimal(18, 2)) as erp_amount
    from recon_invoice_pairs
    union all
    select
        document_type,
        document_id,
        reason,
        lake_invoice_id,
        erp_invoice_id,
        lake_date,
        erp_date,
        lake_amount,
        erp_amount
    from recon_movements_classified
    where reason is not null
),

{#- the two sides of each difference, each on its own invoice version -#}
receivable_differences as (
    -- invoices: the lake version adds its total, the ERP row takes its total away
    select
        recon_classified.document_type,
        recon_classified.document_id,
        recon_classified.reason,
        'star' as side,
        lake.invoice_id,
        lake.currency_code,
        lake.invoice_date as document_date,
        lake.total_amount as invoiced_effect,
        cast(0 as decimal(18, 2)) as credited_effect,
        lake.total_amount as open_effect
    from recon_classified
    inner join recon_lake_invoices as lake
        on recon_classified.lake_invoice_id = lake.invoice_id
    where recon_classified.document_type = 'invoice'
    union all
    select
        recon_classified.document_type,
        recon_classified.document_id,
        recon_classified.reason,
        'erp' as side,
        erp.invoice_id,
        erp.currency_code,
        erp.invoice_date as document_date,
        -erp.total_amount as invoiced_effect,
        cast(0 as decimal(18, 2)) as credited_effect,
        -erp.total_amount as open_effect
    from recon_classified
    inner join recon_erp_invoices as erp
        on recon_classified.erp_invoice_id = erp.invoice_id
    where recon_classified.document_type = 'invoice'
    union all
    -- payments and credit memos: the lake version lowers the star's open amount of the lake's
    -- invoice, the ERP row lowers the reports' open amount of the ERP's invoice
    select
        recon_classified.document_type,
        recon_classified.document_id,
        recon_classified.reason,
        'star' as side,
        recon_classified.lake_invoice_id as invoice_id,
        lake.currency_code,
        lake.invoice_date as document_date,
        cast(0 as decimal(18, 2)) as invoiced_effect,
        cast(0 as decimal(18, 2)) as credited_effect,
        -recon_classified.lake_amount as open_effect
    from recon_classified
    cross join recon_star_as_of
    inner join recon_lake_invoices as lake
        on recon_classified.lake_invoice_id = lake.invoice_id
    where
        recon_classified.document_type in ('payment', 'credit_memo')
        and recon_classified.lake_date <= recon_star_as_of.as_of_date
    union all
    select
        recon_classified.document_type,
        recon_classified.document_id,
        recon_classified.reason,
        'erp' as side,
        recon_classified.erp_invoice_id as invoice_id,
        erp.currency_code,
        erp.invoice_date as document_date,
        cast(0 as decimal(18, 2)) as invoiced_effect,
        cast(0 as decimal(18, 2)) as credited_effect,
        recon_classified.erp_amount as open_effect
    from recon_classified
    cross join recon_erp_as_of
    inner join recon_erp_invoices as erp
        on recon_classified.erp_invoice_id = erp.invoice_id
    where
        recon_classified.document_type in ('payment', 'credit_memo')
        and recon_classified.erp_date <= recon_erp_as_of.as_of_date
),

{#- credit memos by credit date (fct_credit_memos' grain): the star side takes the currency of the
    lake invoice (NULL when the lake's invoice key is dirty, as in fct_credit_memos) -#}
credit_memo_differences as (
    select
        recon_classified.document_id,
        recon_classified.reason,
        'star' as side,
        lake.currency_code,
        recon_classified.lake_date as document_date,
        recon_classified.lake_amount as credited_effect
    from recon_classified
    cross join recon_star_as_of
    left join {{ ref('stg_lake_erp__invoices') }} as lake
        on recon_classified.lake_invoice_id = lake.invoice_id
    where
        recon_classified.document_type = 'credit_memo'
        and recon_classified.lake_date <= recon_star_as_of.as_of_date
    union all
    select
        recon_classified.document_id,
        recon_classified.reason,
        'erp' as side,
        erp.currency_code,
        recon_classified.erp_date as document_date,
        -recon_classified.erp_amount as credited_effect
    from recon_classified
    cross join recon_erp_as_of
    left join {{ ref('stg_erp__invoices') }} as erp
        on recon_classified.erp_invoice_id = erp.invoice_id
    where
        recon_classified.document_type = 'credit_memo'
        and recon_classified.erp_date <= recon_erp_as_of.as_of_date
)
{%- endmacro %}
