{#
    The identity of the landing zone a DuckDB warehouse was built from (issue 12, item 7).

    A landing zone written by `esa generate` names itself in _manifest.json: generator version, seed,
    scale, dirty rate and start date (not the number of days: a zone extended with more days is the
    same zone, and the incremental models pick up its new days). on-run-end records the identity in
    the table esa_landing_zone; on-run-start compares it with the zone in ESA_LANDING_DIR. A build
    against another zone would keep the old zone's rows in the incremental models, so it is refused,
    with a message saying to run with --full-refresh. A --full-refresh of every model (no --select, --exclude or --selector)
    records the new identity. No-op on the T-SQL targets and for a landing without _manifest.json
    (production producers need not write one).
#}

{% macro landing_zone_identity() %}
    {% set manifest = landing_path_literal('_manifest.json') %}
    {% set found = run_query('select count(*) from glob(' ~ manifest ~ ')') %}
    {% if found.rows[0][0] == 0 %}
        {{ return(none) }}
    {% endif %}
    {% set row = run_query(
        "select concat('generator ', generator_version, ', seed ', parameters.seed, ', scale ', parameters.scale,"
        ~ " ', dirty ', parameters.dirty, ', start ', parameters.start) from read_json(" ~ manifest ~ ")").rows[0] %}
    {{ return(row[0]) }}
{% endmacro %}


{% macro recorded_landing_zone_identity() %}
    {% set relation = adapter.get_relation(database=target.database, schema=target.schema,
                                           identifier='esa_landing_zone') %}
    {% if relation is none %}
        {{ return(none) }}
    {% endif %}
    {% set rows = run_query('select zone_identity from ' ~ relation).rows %}
    {{ return(rows[0][0] if rows | length > 0 else none) }}
{% endmacro %}


{% macro full_refresh_of_everything() %}
    {% set args = invocation_args_dict %}
    {{ return(flags.FULL_REFRESH and not (args.get('select') or args.get('exclude') or args.get('selector'))) }}
{% endmacro %}


{% macro check_landing_zone_identity() %}
    {% if execute and target.type == 'duckdb' %}
        {% set current = landing_zone_identity() %}
        {% set recorded = recorded_landing_zone_identity() %}
        {% if current is not none and recorded is not none and current != recorded
              and not full_refresh_of_everything() %}
            {% do exceptions.raise_compiler_error(
                'ESA_LANDING_DIR holds another landing zone (' ~ current ~ ') than the one this warehouse was '
                ~ 'built from (' ~ recorded ~ '): the incremental models would keep the old zone\'s rows. '
                ~ 'Rebuild everything with `dbt build --target ' ~ target.name ~ ' --full-refresh` (no --select), '
                ~ 'or point ESA_DUCKDB_PATH at a new warehouse file.') %}
        {% endif %}
    {% endif %}
{% endmacro %}


{% macro record_landing_zone_identity() %}
    {% if execute and target.type == 'duckdb' %}
        {% set current = landing_zone_identity() %}
        {% set recorded = recorded_landing_zone_identity() %}
        {% if current is not none and (recorded is none or full_refresh_of_everything()) %}
            {% do run_query('create or replace table ' ~ target.schema ~ '.esa_landing_zone as select '
                ~ sql_string_literal(current) ~ ' as zone_identity') %}
        {% endif %}
    {% endif %}
{% endmacro %}
