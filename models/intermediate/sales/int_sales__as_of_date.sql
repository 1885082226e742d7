{#- The as-of date of the sales star's receivables facts (fct_invoices, fct_credit_memos): the same
    var('as_of_date') (YYYY-MM-DD) as the ERP reporting marts when given, so both destinations can be
    taken as of one date; otherwise (DuckDB only: the T-SQL targets require the var, macro
    reporting_as_of_date_var) the last day the lake holds completely. A lake partition for day D
    is extracted after D has ended (landing contract), so that day is the day before the latest
    extraction of the receivables extracts (extracted_at, which Synapse can read; ingest_date cannot).
    One row. -#}
{%- set as_of_date = reporting_as_of_date_var() -%}

with

invoices as (
    select * from {{ ref('stg_lake_erp__invoices') }}
),

payments as (
    select * from {{ ref('stg_lake_erp__payments') }}
),

credit_memos as (
    select * from {{ ref('stg_lake_erp__credit_memos') }}
),

-- an implausible extraction time (beyond the run's start plus the tolerance, or before the floor:
-- macros/staging/implausible_time.sql) never moves the as-of date
extractions as (
    select max(extracted_at) as extracted_at from invoices
    where {{ implausible_time_reason('extracted_at', 'timestamp') }} is null
    union all
    select max(extracted_at) as extracted_at from payments
    where {{ implausible_time_reason('extracted_at', 'timestamp') }} is null
    union all
    select max(extracted_at) as extracted_at from credit_memos
    where {{ implausible_time_reason('extracted_at', 'timestamp') }} is null
),

as_of as (
    {% if as_of_date -%}
    select cast('{{ as_of_date }}' as date) as as_of_date
    {%- else -%}
    select cast({{ dbt.dateadd('day', -1, 'max(extracted_at)') }} as date) as as_of_date
    from extractions
    {%- endif %}
)

select as_of_date from as_of
