{#- Money is decimal(18,2) at every step (T-SQL truncates the scale of decimal products). -#}
{% macro erp_money(expr) -%}
    cast({{ expr }} as decimal(18, 2))
{%- endmacro %}

{#- Convert an amount in a currency to the reporting currency (EUR). The landed rates are
    EUR -> X (units of X per 1 EUR), so EUR = amount / rate; EUR amounts pass through unchanged.
    NULL when no rate is known for the currency on or before the date (safe_divide). -#}
{% macro erp_to_reporting_currency(amount_expr, currency_expr, rate_expr) -%}
    cast(
        case
            when {{ currency_expr }} = 'EUR' then {{ amount_expr }}
            else {{ safe_divide(amount_expr, rate_expr, 6) }}
        end
        as decimal(18, 2)
    )
{%- endmacro %}
