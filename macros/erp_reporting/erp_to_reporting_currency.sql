{#- Convert an amount in a currency to the reporting currency (EUR). The landed rates are
    EUR -> X (units of X per 1 EUR), so EUR = amount / rate; EUR amounts pass through unchanged.
    NULL when no rate is known for the currency on or before the date (safe_divide). The result is
    decimal(precision, 2): 18 for a document's amount, 38 for a total (rescaled_decimal: the cast, on
    DuckDB through a 64-bit decimal when the amount fits, about 70 times cheaper). -#}
{% macro erp_to_reporting_currency(amount_expr, currency_expr, rate_expr, precision=18) -%}
    {%- set amount_or_quotient -%}
        case
            when {{ currency_expr }} = 'EUR' then {{ amount_expr }}
            else {{ safe_divide(amount_expr, rate_expr, 6) }}
        end
    {%- endset -%}
    {{ rescaled_decimal(amount_or_quotient, precision, 2) }}
{%- endmacro %}
