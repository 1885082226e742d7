{#
    Personal data (PII) helpers. Every PII column carries `config: {meta: {pii: <category>}}`
    (name, email, phone, address, device_id, free_text); a column of a BI-facing model (marts,
    erp_reporting, semantic) also says how it is protected in `pii_protection`:
      * mask: dynamic data masking with the column's `masked_with` function: dbt-sqlserver applies it
        on Hyperscale, the post-hook apply_column_masks on Synapse and Fabric;
      * hash: the value is pii_hash() of the personal value (a one-way SHA-256), never the value.
    A PII column a model does not need is dropped; the model lists it in `config.meta.pii_dropped`.
    tests/pii/assert_pii_protected_in_bi_models.sql and tooling/tests/test_pii.py check all of it.
#}

{#- pii_hash(expression): lower-case hex SHA-256 of the expression's text; NULL stays NULL. -#}
{% macro pii_hash(expression) -%}
    {{ return(adapter.dispatch('pii_hash', 'erp_service_analytics')(expression)) }}
{%- endmacro %}

{#- T-SQL (Synapse, Fabric, Hyperscale): HASHBYTES over the varchar bytes, as hex digits -#}
{% macro default__pii_hash(expression) -%}
    lower(convert(varchar(64), hashbytes('SHA2_256', cast({{ expression }} as varchar(4000))), 2))
{%- endmacro %}

{#- DuckDB: the same digest of the same (UTF-8, for ASCII ids identical) bytes -#}
{% macro duckdb__pii_hash(expression) -%}
    sha256(cast({{ expression }} as varchar))
{%- endmacro %}

{#- erase_when_deleted(expression): NULL for a deleted document (right to erasure), else the value. -#}
{% macro erase_when_deleted(expression, deleted_flag='is_deleted') -%}
    case when {{ deleted_flag }} = 1 then null else {{ expression }} end
{%- endmacro %}

{#-
    apply_column_masks(): post-hook of the star marts. On Synapse and Fabric it adds (or changes) the
    dynamic data mask of every column of the model that has `masked_with`, after every build (a full
    rebuild creates a new table without masks). ADD MASKED on a masked column replaces its function,
    so the hook is idempotent. Hyperscale's marts get theirs from dbt-sqlserver itself; DuckDB has no
    masking (a no-op statement).
-#}
{% macro apply_column_masks() -%}
    {{ return(adapter.dispatch('apply_column_masks', 'erp_service_analytics')()) }}
{%- endmacro %}

{% macro default__apply_column_masks() -%}
    select 1 as no_column_masks
{%- endmacro %}

{% macro column_mask_statements(node, relation) -%}
    {%- set statements = [] -%}
    {%- for column in node.columns.values() if column.get('masked_with') -%}
        {%- do statements.append('alter table ' ~ relation ~ ' alter column [' ~ column.name
            ~ "] add masked with (function = '" ~ (column.masked_with | replace("'", "''")) ~ "')") -%}
    {%- endfor -%}
    {{ return(statements) }}
{%- endmacro %}

{% macro _tsql_apply_column_masks() -%}
    {%- set statements = column_mask_statements(model, this) -%}
    {%- if statements -%}
        {{ statements | join(';\n') }};
    {%- else -%}
        select 1 as no_column_masks
    {%- endif -%}
{%- endmacro %}

{% macro synapse__apply_column_masks() -%}{{ erp_service_analytics._tsql_apply_column_masks() }}{%- endmacro %}
{% macro fabric__apply_column_masks() -%}{{ erp_service_analytics._tsql_apply_column_masks() }}{%- endmacro %}

{#-
    erase_deleted_app_users(columns): post-hook of an incremental fact keyed by app_user_id. Rows it
    kept from earlier runs are not rebuilt, so when an app user is deleted later their personal columns
    are set to NULL here (right to erasure); the staging models already hold NULL for them.
-#}
{% macro erase_deleted_app_users(columns) -%}
update {{ this }}
set {% for column in columns %}{{ column }} = null{{ ', ' if not loop.last }}{% endfor %}
where app_user_id in (
    select deleted_users.app_user_id
    from {{ ref('stg_cosmos__app_users') }} as deleted_users
    where deleted_users.is_deleted = 1
)
{%- endmacro %}
