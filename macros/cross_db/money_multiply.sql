{#
    money_multiply(amount, factor, factor_scale=0): amount * factor computed in decimal(38, ...),
    wide enough for the landing contract's maximum values (amounts decimal(18,2), quantities int:
    9,999,999,999,999,999.99 x 2,147,483,647 < 10^36), and the same type on DuckDB and T-SQL.

    Why: a product is computed in its operands' type before any outer cast. DuckDB keeps
    decimal(18,2) * integer in decimal(18,2) and raises "Overflow in multiplication" above 10^16
    (a line of 1,000,000 units at 9,999,999.99, times its open quantity); T-SQL gives
    decimal(p1+p2+1, s1+s2) but caps precision at 38 and then cuts the scale to no less than 6.
    Both operands are cast to decimal(38, s) first; the result is cast to decimal(38, s) with
    s = min(2 + factor_scale, 6), the scale T-SQL keeps, so both engines give the same digits.
    Cast the result to the column's money type (money) only after any division or sum.
#}
{% macro money_multiply(amount, factor, factor_scale=0) -%}
    {%- set result_scale = [2 + factor_scale, 6] | min -%}
    cast(
        cast({{ amount }} as decimal(38, 2)) * cast({{ factor }} as decimal(38, {{ factor_scale }}))
        as decimal(38, {{ result_scale }})
    )
{%- endmacro %}
