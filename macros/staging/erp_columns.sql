{#
    The ERP's renaming and typing, written once for both landing areas (the Hyperscale catalog in
    staging/erp and the lake extracts in staging/lake_erp). Driven by the landing contract's column
    list (landing_erp_columns, rendered from tooling/esa/landing/entities/erp.yml): a column added
    to the contract reaches both staging models without an edit to their SQL.

    erp_typed_columns(table): the select list of a staging model's `renamed` CTE, one typed column
    per contract column, in contract order. The contract type decides the cast:
      bigint -> type_bigint, integer -> type_int, decimal(p,s) -> decimal(p, s), date -> date,
      timestamp -> type_timestamp (UTC), boolean -> a 0/1 flag (to_flag); varchar is kept as it
      lands (no truncation, no nvarchar conversion).
    erp_column_list(table): the same columns' names, for the final select.
    Both take exclude=[...]: contract columns a model deliberately does not read (personal data it
    does not need).
#}
{% macro erp_typed_columns(table, exclude=[], indent=8) -%}
    {%- set lines = [] -%}
    {%- for column in landing_erp_columns(table) if column[0] not in exclude -%}
        {%- set name, type = column[0], column[1] -%}
        {%- if type == 'bigint' -%}
            {%- set expr = 'cast(' ~ name ~ ' as ' ~ dbt.type_bigint() ~ ')' -%}
        {%- elif type == 'integer' -%}
            {%- set expr = 'cast(' ~ name ~ ' as ' ~ dbt.type_int() ~ ')' -%}
        {%- elif type.startswith('decimal(') -%}
            {%- set expr = 'cast(' ~ name ~ ' as ' ~ type | replace(',', ', ') ~ ')' -%}
        {%- elif type == 'date' -%}
            {%- set expr = 'cast(' ~ name ~ ' as date)' -%}
        {%- elif type == 'timestamp' -%}
            {%- set expr = 'cast(' ~ name ~ ' as ' ~ dbt.type_timestamp() ~ ')' -%}
        {%- elif type == 'boolean' -%}
            {%- set expr = to_flag(name) -%}
        {%- elif type == 'varchar' -%}
            {%- set expr = none -%}
        {%- else -%}
            {%- set where = table ~ "." ~ name ~ " (" ~ type ~ ")" -%}
            {{ exceptions.raise_compiler_error("erp_typed_columns: no staging type for " ~ where) }}
        {%- endif -%}
        {%- do lines.append(name if expr is none else expr ~ ' as ' ~ name) -%}
    {%- endfor -%}
    {{ lines | join(',\n' ~ ' ' * indent) }}
{%- endmacro %}

{% macro erp_column_list(table, exclude=[], indent=4) -%}
    {%- set names = [] -%}
    {%- for column in landing_erp_columns(table) if column[0] not in exclude -%}
        {%- do names.append(column[0]) -%}
    {%- endfor -%}
    {{ names | join(',\n' ~ ' ' * indent) }}
{%- endmacro %}

{#
    lake_extract_columns(): the columns every lake ERP extract adds to its table's, typed: the
    partition folder's date (NULL on Synapse, whose Hadoop external tables cannot see it), the
    pipeline run, the extraction time, and the arrival marker (when the file landed, set by the
    pipeline: what incremental models load by).
#}
{% macro lake_extract_columns(indent=8) -%}
    {%- set lines = [
        landing_partition_date('ingest_date') ~ ' as ingest_date',
        '_batch_id as batch_id',
        'cast(_extracted_at as ' ~ dbt.type_timestamp() ~ ') as extracted_at',
        'cast(_landed_at as ' ~ dbt.type_timestamp() ~ ') as landed_at',
    ] -%}
    {{ lines | join(',\n' ~ ' ' * indent) }}
{%- endmacro %}
