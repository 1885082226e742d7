{#
    surrogate_key(field_list): the md5 hex digest (32 lower-case characters, varchar(32)) of the
    given columns, for the *_key columns of the marts.

    Every part is cast to a string and NULL-safe (a NULL becomes a fixed token, so (NULL, 'a') and
    ('', 'a') get different keys); parts are joined with '-' before hashing, so ('ab', 'c') and
    ('a', 'bc') get different keys too. Built on dbt.concat and dbt.hash (md5() on DuckDB,
    HASHBYTES('md5', ...) on SQL Server, Synapse and Fabric).

    The digest of a value is stable within one engine, not across engines (T-SQL and DuckDB print
    timestamps and decimals differently), which is all a surrogate key needs.
#}
{% macro surrogate_key(field_list) -%}
    {{ return(adapter.dispatch('surrogate_key', 'erp_service_analytics')(field_list)) }}
{%- endmacro %}

{% macro default__surrogate_key(field_list) -%}
    {%- if field_list is string -%}
        {%- set field_list = [field_list] -%}
    {%- endif -%}
    {%- if field_list | length == 0 -%}
        {{ exceptions.raise_compiler_error('surrogate_key needs at least one field') }}
    {%- endif -%}
    {%- set parts = [] -%}
    {%- for field in field_list -%}
        {%- do parts.append("coalesce(cast(" ~ field ~ " as " ~ dbt.type_string() ~ "), '_esa_null_')") -%}
        {%- if not loop.last -%}
            {%- do parts.append("'-'") -%}
        {%- endif -%}
    {%- endfor -%}
    cast({{ dbt.hash(dbt.concat(parts)) }} as varchar(32))
{%- endmacro %}
