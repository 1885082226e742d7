{#
    reporting_as_of_date_var(): the one as-of date of the sales star's receivables facts
    (int_sales__as_of_date) and of the ERP reporting marts (int_reporting_as_of_date): the var
    `as_of_date` (YYYY-MM-DD, checked by esa_date), or none.

    With none, each side falls back to a default computed from its own data (the star: the last day
    the lake holds completely; the ERP: its latest business date). On DuckDB both sides are in one
    database and the reconciliation tests fail when the two differ. On the T-SQL targets they are
    built in different databases (Synapse or Fabric, and Hyperscale), where those defaults can differ
    without any test seeing it, so a run or build there requires the var: the orchestrator passes the
    same `--vars '{as_of_date: YYYY-MM-DD}'` to both builds (README "Figures finance can sign").
    Compiling and parsing (make tsql-check, dbt parse, dbt docs) still work without it.
#}
{% macro reporting_as_of_date_var(command=none) -%}
    {#- command defaults to this run's dbt command (the argument is for tests, through run-operation) -#}
    {%- set command = command or (flags.WHICH | string) -%}
    {%- set value = var('as_of_date', none) -%}
    {%- if value -%}
        {{ return(esa_date(value, 'var as_of_date')) }}
    {%- endif -%}
    {%- if execute and target.type != 'duckdb' and command in ['run', 'build', 'retry'] -%}
        {{ exceptions.raise_compiler_error(
            'var as_of_date is required on ' ~ target.type ~ ' targets: the sales star'
            ~ ' (Synapse/Fabric) and the ERP reporting marts (Hyperscale) are built in different databases'
            ~ ' and must be taken as of one date. Pass the same date to both builds, e.g.'
            ~ ' dbt build --vars \'{as_of_date: "2026-06-30"}\': the last day the lake holds completely'
            ~ ' (the ingest_date of the latest landed lake partition).'
        ) }}
    {%- endif -%}
    {{ return(none) }}
{%- endmacro %}
