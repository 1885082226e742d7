{#
    with_staged_versions(relation, key_columns, columns, name='candidates'): the CTE a deduplicating
    staging model ranks, so that it can be incremental by arrival.

    * Full refresh: every landed row (`relation`, the model's typed CTE over all its files).
    * Incremental run: `relation` holds only the rows landed since the watermark (the model filters its
      source on `_landed_at >= arrival_watermark()`, as a literal: landed_since_watermark), and the rows
      the model already holds for the keys among them compete with them again: the staged row is the
      winner of all older copies, so ranking it against the new copies gives the row a full refresh
      would pick. The model is
      delete+insert on the same key, so only the arrived keys are replaced.

    `columns` is the model's column list (the same names in `relation` and in the model), `key_columns`
    the dedupe partition (the model's unique_key). Renders a CTE definition, for a model's WITH list.
#}
{% macro with_staged_versions(relation, key_columns, columns, name='candidates') -%}
    {%- set key_columns = [key_columns] if key_columns is string else key_columns -%}
{{ name }} as (
    select
        {{ columns | join(',\n        ') }}
    from {{ relation }}
    {%- if is_incremental() %}
    union all
    select
        {% for column in columns -%}
        staged.{{ column }}{{ ',' if not loop.last }}
        {% endfor -%}
    from {{ this }} as staged
    where {{ staged_rows_of_keys('staged', relation, key_columns) }}
    {%- endif %}
)
{%- endmacro %}

{#
    lake_erp_columns(table, exclude=[]): the column names of a lake ERP staging model, as a list: the
    contract's columns of `table` (landing_erp_columns, minus `exclude`), then the extract columns
    (lake_extract_columns). For with_staged_versions.
#}
{% macro lake_erp_columns(table, exclude=[]) -%}
    {%- set names = [] -%}
    {%- for column in landing_erp_columns(table) if column[0] not in exclude -%}
        {%- do names.append(column[0]) -%}
    {%- endfor -%}
    {{ return(names + ['ingest_date', 'batch_id', 'extracted_at', 'landed_at']) }}
{%- endmacro %}
