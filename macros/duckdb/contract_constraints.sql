{#
    duckdb__get_table_columns_and_constraints(): the column list of a contracted table on DuckDB,
    without its primary_key and unique constraints (dbt's own rendering otherwise).

    Why: DuckDB enforces both with an ART index. Every insert maintains it, and every checkpoint after a
    delete+insert writes it out again, so on the large incremental facts (fct_interaction_events,
    fct_app_sessions, fct_daily_user_activity, fct_ticket_messages) the index cost more than the
    day's rows (docs/benchmarks.md, "Bottlenecks found"). Synapse never enforces them either (NOT
    ENFORCED); the model YAML keeps the constraints (they are the contract, rendered on the T-SQL
    targets and read by the docs), and the unique + not_null tests check every key on every target.
    not_null, check and foreign_key constraints are rendered as dbt renders them.
#}
{% macro duckdb__get_table_columns_and_constraints() -%}
    {%- set indexed = ['primary_key', 'unique'] -%}
    {%- set columns = {} -%}
    {%- for name, column in model['columns'].items() -%}
        {%- set kept = [] -%}
        {%- for constraint in column.get('constraints', []) if constraint['type'] not in indexed -%}
            {%- do kept.append(constraint) -%}
        {%- endfor -%}
        {%- set copied = {} -%}
        {%- do copied.update(column) -%}
        {%- do copied.update({'constraints': kept}) -%}
        {%- do columns.update({name: copied}) -%}
    {%- endfor -%}
    {%- set model_constraints = [] -%}
    {%- for constraint in model.get('constraints', []) if constraint['type'] not in indexed -%}
        {%- do model_constraints.append(constraint) -%}
    {%- endfor -%}
    {%- set raw_column_constraints = adapter.render_raw_columns_constraints(raw_columns=columns) -%}
    {%- set raw_model_constraints = adapter.render_raw_model_constraints(raw_constraints=model_constraints) -%}
    (
    {% for c in raw_column_constraints -%}
        {{ c }}{{ "," if not loop.last or raw_model_constraints }}
    {% endfor %}
    {% for c in raw_model_constraints -%}
        {{ c }}{{ "," if not loop.last }}
    {% endfor -%}
    )
{%- endmacro %}
