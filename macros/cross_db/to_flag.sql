{#
    to_flag(expr): a 0/1 integer flag from a boolean, on every engine.

    T-SQL has no boolean column type (BIT at best) and cannot select a predicate, so models never
    expose booleans: they expose integer flags built by this macro.

    * A bare column reference (a source boolean/BIT column such as `is_active`) is cast to an
      integer: true -> 1, false -> 0, NULL stays NULL (an unknown stays unknown).
    * Any other expression is treated as a predicate (`resolved_at is not null`, `a > b`):
      1 when it is true, 0 otherwise (false or unknown), so a derived flag is never NULL.
#}
{% macro to_flag(expr) -%}
    {{ return(adapter.dispatch('to_flag', 'erp_service_analytics')(expr)) }}
{%- endmacro %}

{% macro default__to_flag(expr) -%}
    {#- a bare (possibly qualified or quoted) column name, nothing else -#}
    {%- set is_column = modules.re.match('^\\s*[A-Za-z_"\\[][A-Za-z0-9_."\\[\\]]*\\s*$', expr | string) is not none -%}
    {%- if is_column -%}
        cast({{ expr | trim }} as {{ dbt.type_int() }})
    {%- else -%}
        cast(case when {{ expr }} then 1 else 0 end as {{ dbt.type_int() }})
    {%- endif -%}
{%- endmacro %}
