{#- The feed's rule for missing days (docs/landing_contract.md, "Exchange rates and currencies"): one
    row per calendar day and currency. A currency without a valid row on a day of the feed (a day on
    which another currency has one) is carried forward: amounts of that day convert with the latest
    earlier rate (int_exchange_rates_valid), and the day is counted here. The contract allows it
    only on the last landed day (a malformed rate there is corrected in the next file, not yet landed);
    assert_exchange_rates_carried_only_on_last_day fails on any earlier one. -#}
with

exchange_rates as (
    select * from {{ ref('stg_lake_finance__exchange_rates') }}
),

rate_windows as (
    select * from {{ ref('int_exchange_rates_valid') }}
),

eur_rates as (
    select
        to_currency as currency_code,
        rate_date
    from exchange_rates
    where from_currency = 'EUR'
),

feed_days as (
    select distinct rate_date as feed_date
    from eur_rates
),

currencies as (
    select
        currency_code,
        min(rate_date) as first_rate_date
    from eur_rates
    group by currency_code
),

expected as (
    select
        currencies.currency_code,
        feed_days.feed_date
    from currencies
    inner join feed_days
        on currencies.first_rate_date <= feed_days.feed_date
),

missing as (
    select
        expected.currency_code,
        expected.feed_date
    from expected
    left join eur_rates
        on
            expected.currency_code = eur_rates.currency_code
            and expected.feed_date = eur_rates.rate_date
    where eur_rates.rate_date is null
)

select
    missing.currency_code,
    missing.feed_date as missing_rate_date,
    rate_windows.valid_from_date as carried_rate_date,
    rate_windows.exchange_rate as carried_exchange_rate
from missing
inner join rate_windows
    on
        missing.currency_code = rate_windows.currency_code
        and missing.feed_date >= rate_windows.valid_from_date
        and missing.feed_date < rate_windows.valid_to_date
