{#
    Portable parsing of landed text and numbers: ISO-8601 text and epoch seconds to UTC timestamps,
    and "try" casts of text that give NULL instead of failing (dirty CSV values, type drift).
    The logical types are the landing contract's (DuckDB spelling); sql_type() maps them to the engine.
#}

{#- sql_type(logical_type): the engine's column type for a landing-contract type. -#}
{% macro sql_type(logical_type) -%}
    {{ return(adapter.dispatch('sql_type', 'erp_service_analytics')(logical_type)) }}
{%- endmacro %}

{% macro default__sql_type(logical_type) -%}
    {%- set t = logical_type | lower | trim -%}
    {%- set mapping = {
        'varchar': 'nvarchar(4000)', 'text': 'nvarchar(4000)', 'string': 'nvarchar(4000)',
        'json': 'nvarchar(max)', 'struct': 'nvarchar(max)', 'array': 'nvarchar(max)',
        'bigint': 'bigint', 'integer': 'int', 'int': 'int', 'smallint': 'smallint',
        'double': 'float', 'float': 'float', 'boolean': 'bit',
        'date': 'date', 'timestamp': 'datetime2(6)',
    } -%}
    {%- if t in mapping -%}
        {{ return(mapping[t]) }}
    {%- elif t.startswith('decimal') or t.startswith('numeric') -%}
        {{ return(t | replace(' ', '')) }}
    {%- else -%}
        {{ exceptions.raise_compiler_error('sql_type: no T-SQL type for contract type ' ~ logical_type) }}
    {%- endif -%}
{%- endmacro %}

{% macro duckdb__sql_type(logical_type) -%}
    {%- set t = logical_type | lower | trim -%}
    {%- set mapping = {
        'json': 'varchar', 'struct': 'varchar', 'array': 'varchar', 'text': 'varchar', 'string': 'varchar',
    } -%}
    {{ return(mapping.get(t, t | replace(' ', ''))) }}
{%- endmacro %}

{#- iso_text_to_timestamp(expr): ISO-8601 text (with Z, an offset or none = UTC) to a UTC timestamp;
    NULL when it does not parse. -#}
{% macro iso_text_to_timestamp(expr) -%}
    {{ return(adapter.dispatch('iso_text_to_timestamp', 'erp_service_analytics')(expr)) }}
{%- endmacro %}

{% macro default__iso_text_to_timestamp(expr) -%}
    cast(switchoffset(try_convert(datetimeoffset(6), {{ expr }}, 127), '+00:00') as datetime2(6))
{%- endmacro %}

{% macro duckdb__iso_text_to_timestamp(expr) -%}
    case
        when regexp_matches({{ expr }}, '(Z|[+-][0-9]{2}(:?[0-9]{2})?)$')
            then cast(timezone('UTC', try_cast({{ expr }} as timestamptz)) as timestamp)
        else try_cast({{ expr }} as timestamp)
    end
{%- endmacro %}

{#- epoch_to_timestamp(expr): epoch seconds (bigint, UTC) to a UTC timestamp. -#}
{% macro epoch_to_timestamp(expr) -%}
    {{ return(adapter.dispatch('epoch_to_timestamp', 'erp_service_analytics')(expr)) }}
{%- endmacro %}

{% macro default__epoch_to_timestamp(expr) -%}
    {#- DATEADD takes an int: add whole days, then the seconds of the day (no overflow in 2038). -#}
    dateadd(
        second,
        cast({{ expr }} % 86400 as int),
        dateadd(day, cast({{ expr }} / 86400 as int), cast('1970-01-01' as datetime2(6)))
    )
{%- endmacro %}

{% macro duckdb__epoch_to_timestamp(expr) -%}
    make_timestamp(cast({{ expr }} as bigint) * 1000000)
{%- endmacro %}

{#
    try_cast_text(expr, logical_type): text to a contract type, NULL when the text does not parse.
    'date' accepts only YYYY-MM-DD (a real calendar date); 'timestamp' is iso_text_to_timestamp;
    numbers use the engine's TRY_CAST (a decimal comma, thousands separators or 'n/a' give NULL).
#}
{% macro try_cast_text(expr, logical_type) -%}
    {{ return(adapter.dispatch('try_cast_text', 'erp_service_analytics')(expr, logical_type)) }}
{%- endmacro %}

{% macro default__try_cast_text(expr, logical_type) -%}
    {%- set t = logical_type | lower | trim -%}
    {%- if t == 'date' -%}
        case
            when {{ expr }} like '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'
                then try_convert(date, {{ expr }}, 23)
        end
    {%- elif t == 'timestamp' -%}
        {{ iso_text_to_timestamp(expr) }}
    {%- else -%}
        try_cast({{ expr }} as {{ sql_type(t) }})
    {%- endif -%}
{%- endmacro %}

{% macro duckdb__try_cast_text(expr, logical_type) -%}
    {%- set t = logical_type | lower | trim -%}
    {%- if t == 'date' -%}
        case
            when regexp_full_match({{ expr }}, '[0-9]{4}-[0-9]{2}-[0-9]{2}')
                then try_cast({{ expr }} as date)
        end
    {%- elif t == 'timestamp' -%}
        {{ iso_text_to_timestamp(expr) }}
    {%- else -%}
        try_cast({{ expr }} as {{ sql_type(t) }})
    {%- endif -%}
{%- endmacro %}
