{#
    money_sum(amount, over=none): sum(amount) computed and returned in decimal(38, 2), wide enough for
    the landing contract's maximum values: an amount is decimal(18,2) (at most 10^16), so up to 10^20
    rows at the maximum still fit (a sum of products from money_multiply adds the factor's digits).

    Why: each engine widens a sum on its own terms. T-SQL's SUM(decimal(p,s)) is decimal(38,s), DuckDB's
    is decimal(38,s) for p <= 18; but the result was cast back to the column's money type
    (decimal(18,2)), which overflows as soon as the total passes 10^16, and a sum of an expression in
    double precision (a division) loses cents above about 15 digits. The operand is cast to
    decimal(38, 2) before the sum and the result is decimal(38, 2) on every engine, so the column
    that holds it is decimal(38, 2) too. `over` is a window clause's body ("partition by ... order by
    ...") for a running or windowed sum.
#}
{% macro money_sum(amount, over=none) -%}
    cast(
        sum(cast({{ amount }} as decimal(38, 2))){% if over %} over ({{ over }}){% endif %}
        as decimal(38, 2)
    )
{%- endmacro %}
