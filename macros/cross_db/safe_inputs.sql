{#
    Inputs checked before they reach SQL: run-operation arguments, vars and environment variables are
    text that a person or a pipeline typed, so nothing of theirs is pasted into SQL unchecked.

    * esa_date(value, name): a YYYY-MM-DD calendar date, returned as that text; anything else
      (not-a-date, 2026-02-30, a quote) fails naming the input.
    * esa_identifier(value, name): a plain identifier ([A-Za-z_][A-Za-z0-9_]*, at most 128
      characters), returned unchanged, so it can be bracket- or double-quoted safely.
    * sql_string_literal(value): a single-quoted SQL string literal with every ' doubled.
    * landing_path_literal(relative): the landing root (env ESA_LANDING_DIR) joined with a relative
      path, as a string literal: a landing path with an apostrophe works.
#}

{% macro esa_date(value, name) -%}
    {%- set text = (value | string) | trim -%}
    {%- set parsed = none -%}
    {%- if modules.re.match('^[0-9]{4}-[0-9]{2}-[0-9]{2}$', text) -%}
        {%- set parts = text.split('-') -%}
        {%- set year, month, day = parts[0] | int, parts[1] | int, parts[2] | int -%}
        {%- set leap = (year % 4 == 0 and year % 100 != 0) or year % 400 == 0 -%}
        {%- set month_days = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] -%}
        {%- if year >= 1 and 1 <= month <= 12 and 1 <= day <= month_days[month - 1] -%}
            {%- set parsed = text -%}
        {%- endif -%}
    {%- endif -%}
    {%- if parsed is none -%}
        {{ exceptions.raise_compiler_error(
            name ~ ' must be a date YYYY-MM-DD, got ' ~ '"' ~ (value | string)[:60] ~ '"') }}
    {%- endif -%}
    {{ return(parsed) }}
{%- endmacro %}


{% macro esa_identifier(value, name='identifier') -%}
    {%- if not modules.re.match('^[A-Za-z_][A-Za-z0-9_]{0,127}$', value | string) -%}
        {{ exceptions.raise_compiler_error(name ~ ' must be a plain identifier (letters, digits, _), got '
            ~ '"' ~ (value | string)[:60] ~ '"') }}
    {%- endif -%}
    {{ return(value | string) }}
{%- endmacro %}


{% macro sql_string_literal(value) -%}
    {{ return("'" ~ (value | string).replace("'", "''") ~ "'") }}
{%- endmacro %}


{% macro landing_path_literal(relative) -%}
    {{ return(sql_string_literal(env_var('ESA_LANDING_DIR', 'build/landing').rstrip('/') ~ '/' ~ relative)) }}
{%- endmacro %}
