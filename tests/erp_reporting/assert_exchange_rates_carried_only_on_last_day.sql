-- Lint exception ST05: a test is wrapped in a subquery, and T-SQL forbids nested WITH, so tests use
-- subqueries, not CTEs.
-- noqa: disable=ST05
-- The exchange-rate feed's rule for missing days: a currency's rate may be carried forward only on the
-- last landed day of the feed (its malformed row is corrected in the next file). One row per
-- (currency, day) carried forward before it, naming both. Error severity in every environment.
{{ config(severity='error', store_failures=true) }}

select
    carried.currency_code,
    carried.missing_rate_date,
    carried.carried_rate_date
from {{ ref('int_exchange_rates_carried_forward') }} as carried
where
    carried.missing_rate_date < (
        select max(rates.rate_date)
        from {{ ref('stg_lake_finance__exchange_rates') }} as rates
        where rates.from_currency = 'EUR'
    )
