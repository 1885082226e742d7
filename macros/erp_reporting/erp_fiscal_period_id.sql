{#- The ERP's fiscal period of a date as yyyypp. The fiscal year starts on 1 July and is named by
    the calendar year it ends in: 2025-07-01 -> 202601 (FY2026 P1), 2026-06-30 -> 202612. -#}
{% macro erp_fiscal_period_id(date_expr) -%}
    cast(
        (
            {{ date_year(date_expr) }}
            + case when {{ date_month(date_expr) }} >= 7 then 1 else 0 end
        ) * 100
        + case
            when {{ date_month(date_expr) }} >= 7 then {{ date_month(date_expr) }} - 6
            else {{ date_month(date_expr) }} + 6
        end
        as integer
    )
{%- endmacro %}
