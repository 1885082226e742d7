{#- Landed EUR -> X rates as validity windows, so an amount dated D converts with the rate of D or
    of the latest earlier rate date: rate_date <= D < next_rate_date. -#}
with

exchange_rates as (
    select * from {{ ref('stg_lake_finance__exchange_rates') }}
),

eur_rates as (
    select
        to_currency as currency_code,
        rate_date,
        exchange_rate
    from exchange_rates
    where from_currency = 'EUR'
),

windows as (
    select
        currency_code,
        rate_date as valid_from_date,
        coalesce(
            lead(rate_date) over (partition by currency_code order by rate_date),
            cast('9999-12-31' as date)
        ) as valid_to_date,
        cast(exchange_rate as decimal(18, 6)) as exchange_rate
    from eur_rates
)

select
    currency_code,
    valid_from_date,
    valid_to_date,
    exchange_rate
from windows
