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
    {{ return(adapter.dispatch('eur_rate_join', 'erp_service_analytics')(currency_expr, date_expr, rates, alias)) }}
{%- endmacro %}

{% macro default__eur_rate_join(currency_expr, date_expr, rates, alias) -%}
    {%- set window = alias if alias else rates -%}
    left join {{ rates }}{% if alias %} as {{ alias }}{% endif %}
        on
            {{ currency_expr }} = {{ window }}.currency_code
            and {{ date_expr }} >= {{ window }}.valid_from_date
            and {{ date_expr }} < {{ window }}.valid_to_date
{%- endmacro %}

{#- DuckDB plans the range join above as a hash join on the currency with the dates as a filter: every
    row meets every window of its currency, so the work grows with the square of the history (one more
    day over 730 days cost fct_invoices 3.4 times the same over 365). An ASOF join finds, per row, the
    latest window starting on or before the date (one lookup in the sorted windows), and an equality
    join on that window's start then applies the same bounds: the same window, or none, as above. It
    needs (currency_code, valid_from_date) unique, which the range join needs too (one rate a row). -#}
{% macro duckdb__eur_rate_join(currency_expr, date_expr, rates, alias) -%}
    {%- set window = alias if alias else rates -%}
    {%- set start = window ~ '__start' -%}
    asof left join (select currency_code, valid_from_date from {{ rates }}) as {{ start }}
        on
            {{ currency_expr }} = {{ start }}.currency_code
            and {{ date_expr }} >= {{ start }}.valid_from_date
    left join {{ rates }}{% if alias %} as {{ alias }}{% endif %}
        on
            {{ start }}.currency_code = {{ window }}.currency_code
            and {{ start }}.valid_from_date = {{ window }}.valid_from_date
            and {{ date_expr }} < {{ window }}.valid_to_date
{%- endmacro %}

{% macro eur_rate(currency_expr, rates_alias='exchange_rates') -%}
    case when {{ currency_expr }} = 'EUR' then cast(1 as decimal(18, 6)) else {{ rates_alias }}.exchange_rate end
{%- endmacro %}
