{{ config(pre_hook="{{ check_landed_csv('lake/finance/exchange_rates') }}") }}

-- One row per (rate_date, from_currency, to_currency): the latest published rate. Rows whose date,
-- rate or publication time does not parse are in stg_lake_finance__exchange_rates_rejected.
with

source as (
    select * from {{ source('lake_finance', 'exchange_rates') }}
),

parsed as (
    select
        upper(from_currency) as from_currency,
        upper(to_currency) as to_currency,
        {{ try_cast_text('rate_date', 'date') }} as rate_date,
        {{ try_cast_text('rate', 'decimal(18,6)') }} as exchange_rate,
        {{ try_cast_text('published_at', 'timestamp') }} as published_at,
        {{ try_cast_text('_landed_at', 'timestamp') }} as landed_at,
        {{ landing_partition_date('ingest_date') }} as ingest_date
    from source
),

valid as (
    select *
    from parsed
    where
        rate_date is not null
        and exchange_rate is not null
        and published_at is not null
        and from_currency is not null
        and to_currency is not null
),

{{ dedupe('valid', ['rate_date', 'from_currency', 'to_currency'], ['published_at desc', 'ingest_date desc']) }}

select
    rate_date,
    from_currency,
    to_currency,
    exchange_rate,
    published_at,
    -- the arrival marker of the file the kept row came from: incremental models reconvert what a
    -- rate landed since their last run changes (a new day, a correction, a late file)
    landed_at
from deduplicated
