{#
    create_external_tables: the Synapse side of "sources read the lake directly".

        dbt run-operation create_external_tables --target synapse \
            --args '{live_ids_export_date: 2026-11-25}'
        dbt run-operation create_external_tables --target synapse --args '{dry_run: true}'

    Creates, from the source YAML (every source table whose meta has landing_path and
    landing_format: the lake files, the lake ERP extracts, the Cosmos changes and live_ids):

    * the schemas of those sources (CREATE SCHEMA through EXEC, only when missing);
    * one external data source (TYPE = HADOOP, LOCATION = abfss://<container>@<account>.dfs.core.windows.net,
      from var landing_storage_location or env ESA_LANDING_ABFSS; optional database scoped credential
      from var landing_credential), only when missing;
    * three external file formats, only when missing: parquet (snappy), CSV (DELIMITEDTEXT, comma,
      double-quote string delimiter, FIRST_ROW = 2 to skip the header, UTF-8, empty = NULL), and
      JSON lines: DELIMITEDTEXT with no string delimiter and a field terminator that cannot occur in
      valid JSON ('"""': outside a string a quote is followed by , : } ] or whitespace, inside one it
      is escaped), so every line is one value of a single nvarchar(max) column (meta.document_column)
      that staging reads with JSON_VALUE / OPENJSON;
    * one external table per source table (dropped and re-created, so column changes apply; dropping
      an external table never touches the files): the source's columns with their contract data_type
      mapped to T-SQL by sql_type (all NULL-able: nullability is tested in staging, and a type-drifted
      Cosmos value lands NULL), LOCATION = '/<landing_path>/', REJECT_VALUE = 0 (fail, never skip).

    Partition folders: a dedicated pool's Hadoop external table reads every file under LOCATION but
    cannot expose the folder value (filepath() is serverless-only), so meta.partition_column is not a
    column here (staging uses landing_partition_date). A source with meta.latest_partition_only
    (Cosmos live_ids) points at one folder, <partition_column>=<live_ids_export_date>, because
    staging needs the latest export only; the argument is required unless dry_run.

    Hadoop external tables skip files and folders whose name starts with _ or . (hidden files):
    "Both Hadoop and native external tables will skip the files with the names that begin with an
    underline (_) or a period (.)" (learn.microsoft.com, azure/synapse-analytics/sql/
    develop-tables-external-tables, section "Location"), and "PolyBase doesn't return hidden folders"
    (CREATE EXTERNAL TABLE, LOCATION). So a producer's file still under its temporary name
    (docs/landing_contract.md) is not read here without any filter; the DuckDB sources get the same
    result from their [!._]* globs. It is also why the landing contract names the Cosmos partitions
    `ts_date=...`, not `_ts_date=`.

    Inputs are checked before they reach SQL (macros/cross_db/safe_inputs.sql): live_ids_export_date
    must be a YYYY-MM-DD date (pass the latest export whose _SUCCESS marker exists: the landing
    contract); names from vars and the source YAML must be plain identifiers; landing paths are
    letters, digits and _ = . / - only; the storage location is a quoted, escaped literal. The circuit
    breaker on deletes (macros/staging/live_ids.sql) runs in the staging models on this target too.

    dry_run: nothing is executed and no connection is opened; the statements are printed (use
    `dbt --quiet run-operation ...` to get only the SQL) and returned.
#}
{% macro create_external_tables(dry_run=false, live_ids_export_date=none) -%}
    {%- set statements = esa_external_table_statements(live_ids_export_date, dry_run) -%}
    {%- if dry_run -%}
        {{ print('-- create_external_tables: ' ~ statements | length ~ ' statements (dry run)') }}
        {%- for statement in statements %}
            {{ print(statement ~ ';\n') }}
        {%- endfor %}
    {%- else -%}
        {%- if target.type not in ('synapse', 'fabric', 'sqlserver') -%}
            {{ exceptions.raise_compiler_error(
                'create_external_tables runs on the T-SQL targets (--target synapse); got ' ~ target.type
                ~ '. Use dry_run: true to only see the SQL.') }}
        {%- endif -%}
        {%- for statement in statements -%}
            {%- if esa_external_object_exists(statement) -%}
                {{ log('create_external_tables: exists, kept: ' ~ statement.splitlines()[0], info=true) }}
            {%- else -%}
                {{ log('create_external_tables: ' ~ statement.splitlines()[0], info=true) }}
                {%- do run_query(statement) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(statements) }}
{%- endmacro %}


{#- The external sources of the project: (source node, meta) for every source table with landing meta. -#}
{% macro esa_external_sources() -%}
    {%- set found = [] -%}
    {%- for node in graph.sources.values() | sort(attribute='unique_id') -%}
        {%- set meta = {} -%}
        {%- do meta.update(node.get('meta') or {}) -%}
        {%- do meta.update((node.get('config') or {}).get('meta') or {}) -%}
        {%- if meta.get('landing_path') and meta.get('landing_format') -%}
            {%- do found.append({'node': node, 'meta': meta}) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(found) }}
{%- endmacro %}


{% macro esa_external_names() -%}
    {{ return({
        'data_source': esa_identifier(var('landing_data_source', 'esa_landing'), 'var landing_data_source'),
        'parquet': esa_identifier(var('landing_parquet_format', 'esa_parquet'), 'var landing_parquet_format'),
        'csv': esa_identifier(var('landing_csv_format', 'esa_csv'), 'var landing_csv_format'),
        'jsonl': esa_identifier(var('landing_jsonl_format', 'esa_jsonl'), 'var landing_jsonl_format'),
    }) }}
{%- endmacro %}


{% macro esa_external_table_statements(live_ids_export_date=none, dry_run=false) -%}
    {%- set names = esa_external_names() -%}
    {%- set location = var('landing_storage_location',
        env_var('ESA_LANDING_ABFSS', 'abfss://landing@esalandingadls.dfs.core.windows.net')) -%}
    {%- set credential = var('landing_credential', none) -%}
    {%- if credential -%}
        {%- set credential = esa_identifier(credential, 'var landing_credential') -%}
    {%- endif -%}
    {%- set sources = esa_external_sources() -%}
    {%- set statements = [] -%}

    {#- schemas -#}
    {%- set schemas = [] -%}
    {%- for item in sources if item.node.schema not in schemas -%}
        {%- do schemas.append(esa_identifier(item.node.schema, item.node.unique_id ~ ' schema')) -%}
    {%- endfor -%}
    {%- for schema in schemas -%}
        {%- do statements.append(
            "if not exists (select 1 from sys.schemas where name = '" ~ schema ~ "')\n"
            ~ "    exec('create schema [" ~ schema ~ "]')") -%}
    {%- endfor -%}

    {#- data source and file formats -#}
    {%- do statements.append(
        "create external data source [" ~ names.data_source ~ "] with (\n"
        ~ "    type = hadoop,\n"
        ~ "    location = " ~ sql_string_literal(location)
        ~ (",\n    credential = [" ~ credential ~ "]" if credential else "")
        ~ "\n)") -%}
    {%- do statements.append(
        "create external file format [" ~ names.parquet ~ "] with (\n"
        ~ "    format_type = parquet,\n"
        ~ "    data_compression = 'org.apache.hadoop.io.compress.SnappyCodec'\n)") -%}
    {%- do statements.append(
        "create external file format [" ~ names.csv ~ "] with (\n"
        ~ "    format_type = delimitedtext,\n"
        ~ "    format_options (\n"
        ~ "        field_terminator = ',',\n"
        ~ "        string_delimiter = '\"',\n"
        ~ "        first_row = 2,\n"
        ~ "        use_type_default = false,\n"
        ~ "        encoding = 'UTF8'\n"
        ~ "    )\n)") -%}
    {%- do statements.append(
        "create external file format [" ~ names.jsonl ~ "] with (\n"
        ~ "    format_type = delimitedtext,\n"
        ~ "    format_options (\n"
        ~ "        field_terminator = '" ~ var('landing_jsonl_field_terminator', '\"\"\"') ~ "',\n"
        ~ "        use_type_default = false,\n"
        ~ "        encoding = 'UTF8'\n"
        ~ "    )\n)") -%}

    {#- one external table per source table -#}
    {%- for item in sources -%}
        {%- set node, meta = item.node, item.meta -%}
        {%- set fmt = meta.landing_format | lower -%}
        {%- if fmt not in names -%}
            {{ exceptions.raise_compiler_error('create_external_tables: ' ~ node.unique_id
                ~ ' has landing_format ' ~ fmt ~ ' (expected parquet, csv or jsonl)') }}
        {%- endif -%}
        {%- set identifier = esa_identifier(node.identifier, node.unique_id ~ ' identifier') -%}
        {%- set relation = '[' ~ node.schema ~ '].[' ~ identifier ~ ']' -%}
        {%- set folder = meta.landing_path.strip('/') -%}
        {%- if not modules.re.match('^[A-Za-z0-9_=./-]+$', folder) or '..' in folder -%}
            {{ exceptions.raise_compiler_error('create_external_tables: ' ~ node.unique_id ~ ' has landing_path '
                ~ folder | tojson ~ ' (letters, digits, _ = . / - only, no ..)') }}
        {%- endif -%}
        {%- if meta.get('latest_partition_only') -%}
            {%- set partition = live_ids_export_date or var('cosmos_live_ids_export_date', none) -%}
            {%- if not partition -%}
                {%- if dry_run -%}
                    {%- set partition = 'YYYY-MM-DD' -%}
                {%- else -%}
                    {{ exceptions.raise_compiler_error('create_external_tables: ' ~ node.unique_id
                        ~ ' reads only the latest ' ~ meta.partition_column ~ ' partition: pass '
                        ~ '--args "{live_ids_export_date: YYYY-MM-DD}" (or var cosmos_live_ids_export_date)') }}
                {%- endif -%}
            {%- endif -%}
            {%- if partition != 'YYYY-MM-DD' -%}
                {%- set partition = esa_date(partition, 'create_external_tables: live_ids_export_date') -%}
            {%- endif -%}
            {%- set folder = folder ~ '/' ~ esa_identifier(meta.partition_column, node.unique_id ~ ' partition_column')
                ~ '=' ~ partition -%}
        {%- endif -%}
        {%- set hidden_partition = modules.re.match('^[_.]', meta.get('partition_column') or '') -%}
        {%- if modules.re.search('(^|/)[_.]', folder) or hidden_partition -%}
            {{ log('create_external_tables: WARNING ' ~ relation ~ ': Hadoop external tables skip files and '
                ~ 'folders whose name starts with _ or . (partition column ' ~ meta.get('partition_column')
                ~ '); they return no rows until the landing folders are renamed', info=true) }}
        {%- endif -%}
        {%- set columns = [] -%}
        {%- if meta.get('document_column') -%}
            {%- do columns.append('    [' ~ esa_identifier(meta.document_column, node.unique_id ~ ' document_column') ~ '] nvarchar(max) null') -%}
        {%- else -%}
            {%- for column in node.columns.values() if column.name != meta.get('partition_column') -%}
                {%- if not column.data_type -%}
                    {{ exceptions.raise_compiler_error('create_external_tables: ' ~ node.unique_id ~ '.'
                        ~ column.name ~ ' has no data_type') }}
                {%- endif -%}
                {%- do columns.append('    [' ~ esa_identifier(column.name, node.unique_id ~ ' column') ~ '] '
                    ~ default__sql_type(column.data_type) ~ ' null') -%}
            {%- endfor -%}
        {%- endif -%}
        {%- do statements.append(
            "if exists (select 1 from sys.external_tables where object_id = object_id('" ~ relation ~ "'))\n"
            ~ "    drop external table " ~ relation) -%}
        {%- do statements.append(
            "create external table " ~ relation ~ " (\n"
            ~ columns | join(',\n')
            ~ "\n) with (\n"
            ~ "    location = " ~ sql_string_literal('/' ~ folder ~ '/') ~ ",\n"
            ~ "    data_source = [" ~ names.data_source ~ "],\n"
            ~ "    file_format = [" ~ names[fmt] ~ "],\n"
            ~ "    reject_type = value,\n"
            ~ "    reject_value = 0\n)") -%}
    {%- endfor -%}
    {{ return(statements) }}
{%- endmacro %}


{#- True when a statement creates a data source or file format that already exists (they are shared:
    never dropped, so other objects keep working; drop them by hand to change them). -#}
{% macro esa_external_object_exists(statement) -%}
    {%- set match = modules.re.match('^create external (data source|file format) \\[([^\\]]+)\\]', statement) -%}
    {%- if not match -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set catalog = 'sys.external_data_sources' if match.group(1) == 'data source'
        else 'sys.external_file_formats' -%}
    {%- set result = run_query("select count(*) from " ~ catalog ~ " where name = '" ~ match.group(2) ~ "'") -%}
    {{ return(result.columns[0].values()[0] > 0) }}
{%- endmacro %}
