{#
    implausible_time_reason(expr, kind): why a landed change timestamp cannot be true, or NULL.

    The incremental facts take their watermark from the greatest modified/extracted time they hold,
    so one row stamped in 2030 (or 9999, or in epoch milliseconds: year 57507) would move it past
    the real data and freeze the fact until a full refresh. Staging therefore keeps such rows out
    (the row's previous, plausible version wins the dedup) and stg_quarantine__implausible_timestamps_rejected
    lists them with this reason:

    * epoch_milliseconds  kind 'epoch_seconds' and the value is >= 100000000000 (year 5138 in seconds:
                          a value in milliseconds where seconds are expected);
    * future              later than the run's start plus var watermark_future_tolerance_hours (48);
    * before_floor        earlier than var watermark_floor (2000-01-01, a YYYY-MM-DD date).

    kind: 'epoch_seconds' (Cosmos `_ts`) or 'timestamp' (lake `_extracted_at`, UTC). The limits are
    literals computed from run_started_at, identical on every target.
#}
{% macro implausible_time_reason(expr, kind) -%}
    {%- set tolerance_hours = var('watermark_future_tolerance_hours', 48) | int -%}
    {%- set floor = esa_date(var('watermark_floor', '2000-01-01'), 'var watermark_floor') -%}
    {%- set datetime = modules.datetime -%}
    {%- set started = run_started_at.replace(tzinfo=none) -%}
    {%- set ceiling = started + datetime.timedelta(hours=tolerance_hours) -%}
    {%- set floor_at = datetime.datetime.strptime(floor, '%Y-%m-%d') -%}
    {%- if kind == 'epoch_seconds' -%}
        {%- set epoch = datetime.datetime(1970, 1, 1) -%}
        case
            when {{ expr }} >= 100000000000 then 'epoch_milliseconds'
            when {{ expr }} > {{ ((ceiling - epoch).total_seconds()) | int }} then 'future'
            when {{ expr }} < {{ ((floor_at - epoch).total_seconds()) | int }} then 'before_floor'
        end
    {%- elif kind == 'timestamp' -%}
        case
            when {{ expr }} > cast('{{ ceiling.strftime('%Y-%m-%d %H:%M:%S') }}' as {{ dbt.type_timestamp() }})
                then 'future'
            when {{ expr }} < cast('{{ floor }}' as {{ dbt.type_timestamp() }}) then 'before_floor'
        end
    {%- else -%}
        {{ exceptions.raise_compiler_error("implausible_time_reason: kind must be 'epoch_seconds' or 'timestamp'") }}
    {%- endif -%}
{%- endmacro %}
