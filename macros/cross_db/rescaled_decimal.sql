{#
    rescaled_decimal(expr, precision, scale, from_scale=6): cast(expr as decimal(precision, scale)) for
    an expr of type decimal(38, from_scale) whose scale is cut (a safe_divide quotient to money or to a
    rate). The same value on every engine.

    DuckDB rescales a 128-bit decimal (precision over 18) down in software, about 2 µs a row: 2.1 s of
    CPU for a million converted amounts (issue 14, docs/benchmarks.md "Bottlenecks found"). Narrowed
    first to decimal(18, from_scale) (64 bits, the same value whenever it fits) it costs 0.03 s, and the
    64-bit rescale rounds the same way (half away from zero: compared on 4.8 million values, every tie
    included). So on DuckDB a value under 10^(18 - from_scale) in magnitude is narrowed first and a
    larger one takes the plain cast (CASE evaluates a branch only on its own rows). T-SQL: the plain cast.
#}
{% macro rescaled_decimal(expr, precision, scale, from_scale=6) -%}
    {{ return(adapter.dispatch('rescaled_decimal', 'erp_service_analytics')(expr, precision, scale, from_scale)) }}
{%- endmacro %}

{% macro default__rescaled_decimal(expr, precision, scale, from_scale) -%}
    cast({{ expr }} as decimal({{ precision }}, {{ scale }}))
{%- endmacro %}

{% macro duckdb__rescaled_decimal(expr, precision, scale, from_scale) -%}
    case
        when abs({{ expr }}) < {{ 10 ** (18 - from_scale) }}
            then cast(cast({{ expr }} as decimal(18, {{ from_scale }})) as decimal({{ precision }}, {{ scale }}))
        else cast({{ expr }} as decimal({{ precision }}, {{ scale }}))
    end
{%- endmacro %}
