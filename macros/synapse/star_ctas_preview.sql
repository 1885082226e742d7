{#
    star_ctas_preview(tag='star'): prints, without a database, the CREATE TABLE statement that
    dbt-synapse's table materialization (synapse__create_table_as) runs for every table or
    incremental model carrying `tag`, with the distribution and index from the model's config.

        dbt run-operation star_ctas_preview --target synapse

    `dbt compile` renders only a model's SELECT: the CTAS is built by the materialization at run
    time, which needs a live pool (it drops and creates relations). This macro renders the same
    statement shapes as the adapter: the `EXEC('CREATE TABLE ... WITH(DISTRIBUTION = ..., <index>) AS
    (SELECT * FROM <model>__dbt_tmp_vw)')` of an uncontracted model, and for a model with an
    enforced contract the typed `CREATE TABLE ... (<columns>) WITH(DISTRIBUTION = ..., <index>)`
    followed by INSERT ... SELECT. The columns come from the contract (translated to T-SQL types
    the way dbt does with alias_types, e.g. timestamp -> DATETIME2(6)).
#}
{% macro star_ctas_preview(tag='star') %}
    {%- set previews = [] -%}
    {%- for node in graph.nodes.values()
        if node.resource_type == 'model'
        and node.config.materialized in ('table', 'incremental')
        and tag in node.tags -%}
        {%- set dist = node.config.get('dist') or 'ROUND_ROBIN' -%}
        {%- set index = node.config.get('index') or 'CLUSTERED COLUMNSTORE INDEX' -%}
        {%- if node.config.contract.enforced -%}
            {%- set columns, names = [], [] -%}
            {%- for column in node.columns.values() -%}
                {%- set data_type = column.data_type or '' -%}
                {%- set data_type = 'DATETIME2(6)' if data_type | lower in ('timestamp', 'datetime2') else data_type -%}
                {%- do columns.append('[' ~ column.name ~ '] ' ~ data_type) -%}
                {%- do names.append('[' ~ column.name ~ ']') -%}
            {%- endfor -%}
            {%- set ddl = 'CREATE TABLE [' ~ node.schema ~ '].[' ~ node.alias ~ '] (' ~ columns | join(', ')
                ~ ') WITH(DISTRIBUTION = ' ~ dist ~ ', ' ~ index ~ '); INSERT INTO [' ~ node.schema ~ '].['
                ~ node.alias ~ '] (' ~ names | join(', ') ~ ') SELECT ' ~ names | join(', ') ~ ' FROM ['
                ~ node.schema ~ '].[' ~ node.alias ~ '__dbt_tmp_vw];' -%}
        {%- else -%}
            {%- set ddl = "EXEC('CREATE TABLE [" ~ node.database ~ '].[' ~ node.schema ~ '].[' ~ node.alias
                ~ ']WITH(DISTRIBUTION = ' ~ dist ~ ',' ~ index ~ ') AS (SELECT * FROM [' ~ node.database ~ '].['
                ~ node.schema ~ '].[' ~ node.alias ~ "__dbt_tmp_vw]);')" -%}
        {%- endif -%}
        {%- do previews.append(node.name ~ ' (' ~ node.config.materialized ~ '): ' ~ ddl) -%}
    {%- endfor -%}
    {%- for line in previews | sort -%}
        {{ log(line, info=True) }}
    {%- endfor -%}
    {{ return(previews | sort) }}
{% endmacro %}
