{{ config(pre_hook="{{ check_landed_csv('lake/finance/exchange_rates') }}") }}

-- Quarantine: the landed exchange-rate rows that stg_lake_finance__exchange_rates cannot use, as
-- landed (text), with the first reason that applies. One row per rejected landed row.
with

source as (
    select * from {{ source('lake_finance', 'exchange_rates') }}
),

checked as (
    select
        rate_date,
        from_currency,
        to_currency,
        rate,
        published_at,
        {{ landing_partition_date('ingest_date') }} as ingest_date,
        case
            when {{ try_cast_text('rate_date', 'date') }} is null then 'malformed_date'
            when {{ try_cast_text('rate', 'decimal(18,6)') }} is null then 'malformed_number'
            when {{ try_cast_text('published_at', 'timestamp') }} is null then 'malformed_timestamp'
            when from_currency is null or to_currency is null then 'missing_currency'
        end as rejection_reason
    from source
)

select
    rate_date,
    from_currency,
    to_currency,
    rate,
    published_at,
    rejection_reason,
    ingest_date
from checked
where rejection_reason is not null
