{#
    The EUR rate policy in one place (README "Figures finance can sign"). Rates are the landed
    EUR -> X windows of int_exchange_rates_valid (units of X per 1 EUR): an amount converts with
    the window valid on its rate date, i.e. the rate of that date or of the latest earlier rate date
    within the feed (rate_date <= D < next rate date; the last window ends after the feed's last
    landed day). Which date is the rate date is each fact's documented choice (the document's own
    date, its invoice's date, or the as-of date); the lookup itself is always this one.

    eur_rate_join(currency_expr, date_expr, rates='exchange_rates', alias=none): the LEFT JOIN that
    finds the window (no window: NULL rate, quarantined, never a stale or a default rate).
    eur_rate(currency_expr, rates_alias='exchange_rates'): the rate of the joined window, 1 for EUR
    (which has no row in the feed).
#}
{% macro eur_rate_join(currency_expr, date_expr, rates='exchange_rates', alias=none) -%}
    {%- set window = alias if alias else rates -%}
    left join {{ rates }}{% if alias %} as {{ alias }}{% endif %}
        on
            {{ currency_expr }} = {{ window }}.currency_code
            and {{ date_expr }} >= {{ window }}.valid_from_date
            and {{ date_expr }} < {{ window }}.valid_to_date
{%- endmacro %}

{% macro eur_rate(currency_expr, rates_alias='exchange_rates') -%}
    case when {{ currency_expr }} = 'EUR' then cast(1 as decimal(18, 6)) else {{ rates_alias }}.exchange_rate end
{%- endmacro %}
