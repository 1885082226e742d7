{#- The money type and casts to it, in every model on every target (one convention for both
    destinations; `esa check conventions` fails a written-out decimal(p, 2) in a model).
    decimal(18, 2) is the landing contract's amount; decimal(38, 2) a total (money_sum) or an amount
    computed from totals. The type is the same on DuckDB and T-SQL, so these need no dispatch. -#}
{% macro money_type(precision=18) -%}
    decimal({{ precision }}, 2)
{%- endmacro %}

{% macro money(expr, precision=18) -%}
    cast({{ expr }} as {{ money_type(precision) }})
{%- endmacro %}

{#- A measure that is not money but is kept to two decimals (minutes, hours, days, scores, weights):
    decimal(precision, 2), named apart from money so that a reader sees which is which. -#}
{% macro two_decimals(expr, precision=18) -%}
    cast({{ expr }} as decimal({{ precision }}, 2))
{%- endmacro %}
