{#-
    One answer per business figure across destinations: per currency and period, a figure of the sales
    star (this model, from the lake extracts) equals the same figure of an ERP reporting mart (from the
    ERP itself) plus the explained difference, exact to the cent (no tolerance). The explained
    difference is the sum of the documents whose lake version is not the ERP's (lake lag) or whose
    lake invoice key is NULL or orphan (dirty extract): macro receivables_differences_ctes.
    Fails on: (1) the two as-of dates differ, or either is missing or NULL; (2) a document difference
    that no known reason explains; (3) a currency and period where star - report != explained.
    Error severity in every environment. DuckDB only: the star (Synapse) and the ERP (Hyperscale) are
    different databases in production.

    Arguments:
      star_amount, star_date_key  the star's amount column and the date key that dates it (dim_date)
      report, report_amount       the ERP mart and its amount column
      period                      'month' (calendar month yyyymm; the report is dated by report_date)
                                  or 'fiscal_period' (fiscal_period_id; the report has that column)
      report_date                 the report's date column (period 'month' only)
      differences                 receivable_differences or credit_memo_differences
      explained_effect            open_effect, invoiced_effect or credited_effect
      document_type               keep only differences of this document type (none: all)
      document_label              how a failure names the document, when `differences` has no
                                  document_type column (credit_memo_differences: 'credit memo')
-#}
{% test star_equals_erp_explained(
    model, star_amount, star_date_key, report, report_amount, period, differences, explained_effect,
    report_date=none, document_type=none, document_label=none
) %}
{{ config(enabled=(target.type == 'duckdb'), severity='error', tags=['reconciliation']) }}
{%- if period not in ['month', 'fiscal_period'] -%}
    {{ exceptions.raise_compiler_error('star_equals_erp_explained: period must be month or fiscal_period') }}
{%- endif -%}
{%- set type_filter = ("document_type = '" ~ document_type ~ "'") if document_type else '1 = 1' -%}
{#- the period of a date: yyyymm, or the fiscal period id (yyyypp) -#}
{%- if period == 'month' -%}
    {%- set period_sql = date_year('__DATE__') ~ ' * 100 + ' ~ date_month('__DATE__') -%}
{%- else -%}
    {%- set period_sql = erp_fiscal_period_id('__DATE__') -%}
{%- endif -%}

with

recon_star as (
    select * from {{ model }}
),

recon_dates as (
    select * from {{ ref('dim_date') }}
),

recon_report as (
    select * from {{ report }}
),

{{ receivables_differences_ctes() }},

recon_amounts as (
    select
        coalesce(recon_star.currency_code, '?') as currency_code,
        {{ period_sql | replace('__DATE__', 'recon_dates.calendar_date') }} as period_id,
        recon_star.{{ star_amount }} as star_amount,
        cast(0 as decimal(38, 2)) as report_amount,
        cast(0 as decimal(38, 2)) as explained_amount
    from recon_star
    inner join recon_dates on recon_star.{{ star_date_key }} = recon_dates.date_key
    union all
    select
        coalesce(currency_code, '?') as currency_code,
        {% if period == 'month' -%}
            {{ period_sql | replace('__DATE__', report_date) }}
        {%- else -%}
            fiscal_period_id
        {%- endif %} as period_id,
        cast(0 as decimal(38, 2)) as star_amount,
        {{ report_amount }} as report_amount,
        cast(0 as decimal(38, 2)) as explained_amount
    from recon_report
    union all
    select
        coalesce(currency_code, '?') as currency_code,
        {{ period_sql | replace('__DATE__', 'document_date') }} as period_id,
        cast(0 as decimal(38, 2)) as star_amount,
        cast(0 as decimal(38, 2)) as report_amount,
        {{ explained_effect }} as explained_amount
    from {{ differences }}
    where {{ type_filter }}
),

recon_by_currency_period as (
    select
        currency_code,
        period_id,
        sum(star_amount) as star_amount,
        sum(report_amount) as report_amount,
        sum(explained_amount) as explained_difference_amount
    from recon_amounts
    group by currency_code, period_id
)

select
    'as-of dates differ or are missing' as failure,
    cast(null as varchar) as currency_code,
    cast(null as integer) as period_id,
    cast(null as decimal(38, 2)) as star_amount,
    cast(null as decimal(38, 2)) as report_amount,
    cast(null as decimal(38, 2)) as explained_difference_amount
from (select 1 as one) as driver
left join recon_star_as_of on driver.one = 1
left join recon_erp_as_of on driver.one = 1
-- a missing or NULL as-of date on either side is a failure too, never a silent pass
where
    recon_star_as_of.as_of_date is null
    or recon_erp_as_of.as_of_date is null
    or recon_star_as_of.as_of_date != recon_erp_as_of.as_of_date
union all
select
    {% if document_label -%}
        concat('unexplained {{ document_label }} ', cast(document_id as varchar))
    {%- else -%}
        concat('unexplained ', document_type, ' ', cast(document_id as varchar))
    {%- endif %} as failure,
    coalesce(currency_code, '?') as currency_code,
    {{ period_sql | replace('__DATE__', 'document_date') }} as period_id,
    null as star_amount,
    null as report_amount,
    {{ explained_effect }} as explained_difference_amount
from {{ differences }}
where reason = 'unexplained' and {{ type_filter }}
union all
select
    'star - reports != explained' as failure,
    currency_code,
    period_id,
    star_amount,
    report_amount,
    explained_difference_amount
from recon_by_currency_period
where star_amount - report_amount != explained_difference_amount
{% endtest %}
