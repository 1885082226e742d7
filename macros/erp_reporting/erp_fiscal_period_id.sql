{#- The ERP's fiscal period of a date as yyyypp. The fiscal year starts on 1 July and is named by
    the calendar year it ends in: 2025-07-01 -> 202601 (FY2026 P1), 2026-06-30 -> 202612. -#}
{% macro erp_fiscal_period_id(date_expr) -%}
    cast(
        (
            {{ erp_year(date_expr) }}
            + case when {{ erp_month(date_expr) }} >= 7 then 1 else 0 end
        ) * 100
        + case
            when {{ erp_month(date_expr) }} >= 7 then {{ erp_month(date_expr) }} - 6
            else {{ erp_month(date_expr) }} + 6
        end
        as integer
    )
{%- endmacro %}
