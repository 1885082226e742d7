{#- Source freshness on the local DuckDB target, measured against the landing zone's own clock.
    A generated zone covers a fixed period (deterministic for a seed), so "now" would call every
    source stale once the period is over. Locally, "now" is therefore the end of the zone's last
    landed day (`last_date` + 1 day in _manifest.json); without a manifest it is the real clock.
    The production targets keep dbt's default (the warehouse's current time). -#}
{% macro duckdb__collect_freshness(source, loaded_at_field, filter) %}
  {%- set manifest_path = landing_path_literal('_manifest.json') -%}
  {%- set found = run_query("select count(*) from glob(" ~ manifest_path ~ ")").columns[0].values()[0] -%}
  {%- if found | int > 0 -%}
    {%- set now_sql = "(select cast(cast(last_date as date) + interval 1 day as timestamp) from read_json_auto(" ~ manifest_path ~ "))" -%}
  {%- else -%}
    {%- set now_sql = current_timestamp() -%}
  {%- endif -%}
  {% call statement('collect_freshness', fetch_result=True, auto_begin=False) -%}
    select
      max({{ loaded_at_field }}) as max_loaded_at,
      {{ now_sql }} as snapshotted_at
    from {{ source }}
    {% if filter %}
    where {{ filter }}
    {% endif %}
  {% endcall %}
  {{ return(load_result('collect_freshness')) }}
{% endmacro %}
