{#
    Portable JSON helpers. JSON lands as text on every engine (Cosmos arrays and objects are JSON text
    in the analytical store; JSON-lines files are read one document per row), so staging extracts
    values from text: DuckDB's json extension on one side, T-SQL's JSON_VALUE / OPENJSON on the
    other (SQL Server 2016+ with compatibility level 130, Azure SQL, Synapse dedicated pools, Fabric).
#}

{#- json_value(json_text, path): the scalar at a JSON path as text, NULL when absent or not a scalar. -#}
{% macro json_value(json_text, path) -%}
    {{ return(adapter.dispatch('json_value', 'erp_service_analytics')(json_text, path)) }}
{%- endmacro %}

{% macro default__json_value(json_text, path) -%}
    json_value({{ json_text }}, '{{ path }}')
{%- endmacro %}

{% macro duckdb__json_value(json_text, path) -%}
    case
        when json_valid({{ json_text }})
            then case
                when json_type({{ json_text }}, '{{ path }}') not in ('OBJECT', 'ARRAY')
                    then json_extract_string({{ json_text }}, '{{ path }}')
            end
    end
{%- endmacro %}

{#- json_array_length(json_text, path='$'): number of elements of the JSON array at path, NULL when not an array. -#}
{% macro json_array_length(json_text, path='$') -%}
    {{ return(adapter.dispatch('json_array_length', 'erp_service_analytics')(json_text, path)) }}
{%- endmacro %}

{% macro default__json_array_length(json_text, path) -%}
    case
        when isjson({{ json_text }}) = 1 and json_query({{ json_text }}, '{{ path }}') like '[[]%'
            then (select count(*) from openjson({{ json_text }}, '{{ path }}'))
    end
{%- endmacro %}

{% macro duckdb__json_array_length(json_text, path) -%}
    case
        when json_valid({{ json_text }})
            then case
                when json_type({{ json_text }}, '{{ path }}') = 'ARRAY'
                    then cast(json_array_length({{ json_text }}, '{{ path }}') as integer)
            end
    end
{%- endmacro %}

{#
    json_unnest(relation, json_column, parent_columns, index_column, fields): one row per object
    element of the JSON array in `json_column` of `relation` (a CTE name), as a complete, flat
    SELECT (no WITH) to be used as the body of a CTE.

    Columns: each of parent_columns (copied from the parent row), index_column (the 0-based position
    of the element in the array, integer), then one text column per field ({name, path}): the
    scalar at `path` inside the element (NULL when absent). Cast the fields in the next CTE
    (try_cast_text): values of another type than expected then become NULL instead of failing.

    Parents whose column is NULL, not valid JSON or not an array give no rows; array elements that
    are not objects are skipped.

    DuckDB:  from relation as parent cross join lateral json_each(<array>) as element
    T-SQL:   from relation as parent
             cross apply openjson(<array>) as element                         -- [key] = position
             cross apply openjson(<element object>) with (<field> nvarchar(4000) '<path>', ...) as fields
    Both are valid inside a view (dbt wraps models in views on the T-SQL adapters).
#}
{% macro json_unnest(relation, json_column, parent_columns, index_column, fields) -%}
    {%- if fields | length == 0 -%}
        {{ exceptions.raise_compiler_error('json_unnest needs at least one field') }}
    {%- endif -%}
    {{ return(adapter.dispatch('json_unnest', 'erp_service_analytics')(
        relation, json_column, parent_columns, index_column, fields)) }}
{%- endmacro %}

{% macro default__json_unnest(relation, json_column, parent_columns, index_column, fields) -%}
select
    {%- for column in parent_columns %}
    parent.{{ column }},
    {%- endfor %}
    cast(element.[key] as int) as {{ index_column }}
    {%- for field in fields %},
    fields.[{{ field.name }}] as {{ field.name }}
    {%- endfor %}
from {{ relation }} as parent
cross apply openjson(
    case
        when isjson(parent.{{ json_column }}) = 1 and ltrim(parent.{{ json_column }}) like '[[]%'
            then parent.{{ json_column }}
    end
) as element
cross apply openjson(case when element.[type] = 5 then element.[value] end)
with (
    {%- for field in fields %}
    [{{ field.name }}] nvarchar(4000) '{{ field.path }}'{{ ',' if not loop.last }}
    {%- endfor %}
) as fields
{%- endmacro %}

{% macro duckdb__json_unnest(relation, json_column, parent_columns, index_column, fields) -%}
select
    {%- for column in parent_columns %}
    parent.{{ column }},
    {%- endfor %}
    cast(element.key as integer) as {{ index_column }}
    {%- for field in fields %},
    json_extract_string(element.value, '{{ field.path }}') as {{ field.name }}
    {%- endfor %}
from {{ relation }} as parent
cross join lateral json_each(
    case
        when json_valid(parent.{{ json_column }})
            then case when json_type(parent.{{ json_column }}) = 'ARRAY' then parent.{{ json_column }} end
    end
) as element
where element.type = 'OBJECT'
{%- endmacro %}

{#- json_array_problem(json_text): why a nested JSON column cannot be unnested, as text, or NULL when it
    can: 'invalid JSON' (not parseable), 'not a JSON array' (valid JSON of another type). NULL text is
    no problem (a document without the property has no children). Used to flag and quarantine
    documents instead of dropping their children silently. -#}
{% macro json_array_problem(json_text) -%}
    {{ return(adapter.dispatch('json_array_problem', 'erp_service_analytics')(json_text)) }}
{%- endmacro %}

{% macro default__json_array_problem(json_text) -%}
    case
        when {{ json_text }} is null then null
        when isjson({{ json_text }}) = 0 then 'invalid JSON'
        when ltrim({{ json_text }}) not like '[[]%' then 'not a JSON array'
    end
{%- endmacro %}

{% macro duckdb__json_array_problem(json_text) -%}
    case
        when {{ json_text }} is null then null
        when not json_valid({{ json_text }}) then 'invalid JSON'
        when json_type({{ json_text }}) != 'ARRAY' then 'not a JSON array'
    end
{%- endmacro %}
