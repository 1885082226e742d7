{#
    loaded_model_relation(name): the relation of the project's model `name` as it is loaded now, read
    without ref(): no edge in the DAG, so the calling model can read a table that a model downstream of
    it replaces later in the same run (that model declares `-- depends_on:` the caller, which fixes the
    order). None when the table does not exist yet (a model built before it, or never built); offline
    (the T-SQL check, no server) the relation dbt would build. Only at execution (the incremental branch).
#}
{% macro loaded_model_relation(name) -%}
    {#- parsing (and the SQL linter's templater) has no graph: nothing is loaded -#}
    {%- if not execute -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set nodes = graph.nodes.values() | selectattr('resource_type', 'equalto', 'model')
                    | selectattr('package_name', 'equalto', project_name)
                    | selectattr('name', 'equalto', name) | list -%}
    {%- if nodes | length != 1 -%}
        {#- no graph at all: a templater without dbt's (the SQL linter); treat the table as missing -#}
        {%- if graph.nodes | length == 0 -%}
            {{ return(none) }}
        {%- endif -%}
        {{ exceptions.raise_compiler_error("loaded_model_relation: no model named '" ~ name ~ "'") }}
    {%- endif -%}
    {%- set node = nodes[0] -%}
    {%- set relation = api.Relation.create(database=node.database, schema=node.schema, identifier=node.alias) -%}
    {%- if offline_compile() -%}
        {{ return(relation) }}
    {%- endif -%}
    {{ return(adapter.get_relation(database=relation.database, schema=relation.schema,
                                   identifier=relation.identifier)) }}
{%- endmacro %}
