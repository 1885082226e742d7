{#
    arrival_watermark(column): the arrival watermark of an incremental model, as a scalar subquery.

    Incremental models load by arrival, not by event time: each run takes the rows whose arrival
    marker (`landed_at`, from the landed files' `_landed_at`: when the pipeline run that wrote the file
    started, docs/landing_contract.md) is at or after the latest one the model already holds, whatever
    the event dates inside. A late partition, a re-run batch or a late dimension version therefore
    always lands after the last run and is loaded by the next one.

    * `>=`, not `>`: the rows of the latest landing already loaded are loaded again; every incremental
      model is delete+insert on its key, so that is idempotent, and a file landing with the same
      marker as the last one loaded is never missed.
    * Bad data never moves it: values later than the run's start plus var
      watermark_future_tolerance_hours (the same ceiling as implausible_time_reason) are ignored, so a
      row stamped in the future is reloaded by every run instead of freezing the model.
    * An empty target gives the floor (var watermark_floor): everything loads.
    * `relation` (default `this`): another incremental model's watermark, computed the same way.

    The literals come from run_started_at, identical on every target (DuckDB, Synapse, SQL Server).
#}
{% macro arrival_watermark(column='landed_at', relation=none) -%}
    {%- set tolerance_hours = var('watermark_future_tolerance_hours', 48) | int -%}
    {%- set floor = esa_date(var('watermark_floor', '2000-01-01'), 'var watermark_floor') -%}
    {%- set ceiling = run_started_at.replace(tzinfo=none) + modules.datetime.timedelta(hours=tolerance_hours) -%}
    (
        select coalesce(max(loaded.{{ column }}), cast('{{ floor }}' as {{ dbt.type_timestamp() }}))
        from {{ relation if relation is not none else this }} as loaded
        where loaded.{{ column }} <= cast('{{ ceiling.strftime('%Y-%m-%d %H:%M:%S') }}' as {{ dbt.type_timestamp() }})
    )
{%- endmacro %}

{#
    arrival_watermark_literal(column): the arrival watermark of the running incremental model as a
    constant. When the model runs, the watermark is read first (run_query of arrival_watermark) and
    written as a literal: a scan of parquet files then compares every file's `_landed_at` statistics
    with a constant and skips the files landed before it without reading their rows (DuckDB pushes
    only constant filters into read_parquet; against the scalar subquery it reads every file's
    column), a DuckDB table scan skips the row groups loaded before it by their zone maps, and the
    model's own table is read once for it, not once per use. `this` is the same table when the query
    runs, so the literal is the subquery's value. While parsing, in the offline T-SQL check (no server)
    and in a unit test (`this` is a fixture) it is the subquery itself; both are plain SQL on every
    target. Read it once per model (`set`) when it is used in several places. `relation`: another model's
    watermark (arrival_watermark's), read the same way; the caller passes a relation that exists.
#}
{% macro arrival_watermark_literal(column='landed_at', relation=none) -%}
    {%- set watermark = arrival_watermark(column, relation) -%}
    {#- `relation` (another model's table, which the caller found loaded) can be read whenever the model runs;
        `this` only on an incremental run -#}
    {%- set readable = relation is not none or (model.resource_type == 'model' and is_incremental()) -%}
    {%- if execute and not offline_compile() and readable -%}
        {%- set value = run_query('select ' ~ watermark ~ ' as watermark').columns[0].values()[0] -%}
        {%- set literal = value.strftime('%Y-%m-%d %H:%M:%S.%f') -%}
        {%- set watermark = "cast('" ~ literal ~ "' as " ~ dbt.type_timestamp() ~ ")" -%}
    {%- endif -%}
    {{ return(watermark) }}
{%- endmacro %}

{#
    landed_since_watermark(column, watermark_column): the predicate `column >= <the arrival watermark>`
    for the scan of a landed source in an incremental model (`column` the files' `_landed_at`,
    `watermark_column` the model's arrival column), the watermark a literal when the model runs
    (arrival_watermark_literal).
#}
{% macro landed_since_watermark(column='_landed_at', watermark_column='landed_at') -%}
    {%- set watermark = arrival_watermark_literal(watermark_column) -%}
    {{ column }} >= {{ watermark }}
{%- endmacro %}
