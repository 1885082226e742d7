{#- Landed EUR -> X rates as validity windows, so an amount dated D converts with the rate of D or
    of the latest earlier rate date: rate_date <= D < next_rate_date. The latest rate of a currency is
    valid up to the last landed day of the feed (exclusive end: that day + 1), never beyond: the
    contract carries a rate forward only within the feed (a weekend or holiday has its own row, a
    missing rate only on the last landed day), so an amount dated after the feed's last day has no
    rate yet and lands in quarantine_unconverted_amounts instead of converting with a stale rate. -#}
with

exchange_rates as (
    select * from {{ ref('stg_lake_finance__exchange_rates') }}
),

eur_rates as (
    select
        to_currency as currency_code,
        rate_date,
        exchange_rate,
        landed_at
    from exchange_rates
    where from_currency = 'EUR'
),

feed_end as (
    select cast({{ dbt.dateadd('day', 1, 'max(rate_date)') }} as date) as feed_end_date
    from eur_rates
),

windows as (
    select
        eur_rates.currency_code,
        eur_rates.rate_date as valid_from_date,
        coalesce(
            lead(eur_rates.rate_date) over (partition by eur_rates.currency_code order by eur_rates.rate_date),
            feed_end.feed_end_date
        ) as valid_to_date,
        cast(eur_rates.exchange_rate as decimal(18, 6)) as exchange_rate,
        eur_rates.landed_at
    from eur_rates
    cross join feed_end
)

select
    currency_code,
    valid_from_date,
    valid_to_date,
    exchange_rate,
    -- the arrival marker of the window's rate: incremental models reconvert the dates a rate landed
    -- since their last run changes (from its rate date on: the window before it ends there)
    landed_at
from windows
