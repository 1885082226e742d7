{#
    safe_divide(numerator, denominator, scale=6): numerator / denominator as decimal(38, scale),
    NULL when the denominator is 0 or NULL.

    Removes the two engine differences of `/`: T-SQL divides integers as integers (7 / 2 = 3) and
    raises error 8134 on a zero denominator, DuckDB returns 3.5 and NULL/inf. Both operands are
    cast to decimal(38, scale) first and the quotient is cast back to decimal(38, scale), because
    DuckDB returns a double for decimal / decimal and T-SQL cuts the scale of the quotient.
#}
{% macro safe_divide(numerator, denominator, scale=6) -%}
    {{ return(adapter.dispatch('safe_divide', 'erp_service_analytics')(numerator, denominator, scale)) }}
{%- endmacro %}

{% macro default__safe_divide(numerator, denominator, scale) -%}
    cast(
        cast({{ numerator }} as decimal(38, {{ scale }}))
        / nullif(cast({{ denominator }} as decimal(38, {{ scale }})), 0)
        as decimal(38, {{ scale }})
    )
{%- endmacro %}
