{#
    full_build_order(columns): the row order of an incremental fact's full build, on DuckDB only.

    On DuckDB, and only when the model is not incremental (a first build or --full-refresh), this renders
    `order by <columns>`, written by the model after its final select; an incremental run renders nothing
    (a day's rows are appended in arrival order, which keeps the table in date order as it grows). DuckDB
    writes the rows in that order (also through the contract's `insert ... select` wrapper, with
    preserve_insertion_order off), so each row group holds a few days and the daily scans that a hash
    join bounds by date (its dynamic min/max filters) skip the rest of the history by zone maps
    (docs/benchmarks.md, "Bottlenecks found", item 18). Every other adapter renders nothing: ORDER BY is
    invalid in a T-SQL CTAS, and Synapse orders the full build by the ordered clustered columnstore index
    of the model's `index` config instead.
#}
{% macro full_build_order(columns) -%}
    {{ return(adapter.dispatch('full_build_order', 'erp_service_analytics')(columns)) }}
{%- endmacro %}

{% macro default__full_build_order(columns) -%}
{%- endmacro %}

{% macro duckdb__full_build_order(columns) -%}
    {%- if not is_incremental() %}
order by {{ columns }}
    {%- endif %}
{%- endmacro %}
