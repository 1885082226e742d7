{#
    is_pii_hash: every non-NULL value of the column is what pii_hash() returns (64 lower-case hex
    digits of a SHA-256), so a personal value that reached a hashed column unhashed is caught.
    Returns the offending rows.
#}
{% test is_pii_hash(model, column_name) %}
select {{ column_name }} as unhashed_value
from {{ model }}
where {{ column_name }} is not null
    and {{ erp_service_analytics.not_a_sha256_hex(column_name) }}
{% endtest %}

{% macro not_a_sha256_hex(column_name) -%}
    {{ return(adapter.dispatch('not_a_sha256_hex', 'erp_service_analytics')(column_name)) }}
{%- endmacro %}

{#- T-SQL: 64 characters, none outside 0-9 a-f (LIKE's class; the column is compared case-insensitively
    on the default collations, so upper-case digits pass on T-SQL and are caught on DuckDB) -#}
{% macro default__not_a_sha256_hex(column_name) -%}
    (len({{ column_name }}) <> 64 or {{ column_name }} like '%[^0-9a-f]%')
{%- endmacro %}

{% macro duckdb__not_a_sha256_hex(column_name) -%}
    not regexp_full_match({{ column_name }}, '[0-9a-f]{64}')
{%- endmacro %}
