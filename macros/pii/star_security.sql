{#
    Access to the star on Synapse and Fabric, per environment (the roles come from environment
    variables that each environment sets):
      * ESA_STAR_READER_ROLES (default bi_reader): SELECT on every star mart (the marts folder's
        `grants` in dbt_project.yml), and DENY SELECT on the schemas of the external tables (the
        sources), staging and intermediate, so no grant given elsewhere (db_datareader, a schema
        grant) exposes the layers below the star;
      * ESA_PII_UNMASK_ROLES (default pii_reader): UNMASK, the roles that see masked columns in clear.
    The Hyperscale marts' grants and masks: erp_reporting_hyperscale_ddl.
#}
{% macro star_reader_roles() -%}
    {{ return(env_var('ESA_STAR_READER_ROLES', 'bi_reader').split(',') | map('trim') | reject('equalto', '') | list) }}
{%- endmacro %}

{% macro pii_unmask_roles() -%}
    {{ return(env_var('ESA_PII_UNMASK_ROLES', 'pii_reader').split(',') | map('trim') | reject('equalto', '') | list) }}
{%- endmacro %}

{#- The schemas below the star that BI readers must never read: the sources' (external tables over the
    landed files), staging and intermediate. -#}
{% macro schemas_below_star() -%}
    {%- set schemas = [] -%}
    {%- if execute -%}
        {%- for node in graph.nodes.values()
            if node.resource_type == 'model' and node.fqn[1] in ('staging', 'intermediate')
            and node.schema not in schemas -%}
            {%- do schemas.append(node.schema) -%}
        {%- endfor -%}
        {#- the sources create_external_tables makes external tables of (meta.landing_path); not the ERP's -#}
        {%- for source in graph.sources.values()
            if (source.config.meta or source.meta or {}).get('landing_path') and source.schema not in schemas -%}
            {%- do schemas.append(source.schema) -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(schemas | sort) }}
{%- endmacro %}

{% macro database_security_statements() -%}
    {%- set statements = [] -%}
    {%- for schema in schemas_below_star() -%}
        {%- for role in star_reader_roles() -%}
            {%- do statements.append('deny select on schema::[' ~ schema ~ '] to [' ~ role ~ ']') -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- for role in pii_unmask_roles() -%}
        {%- do statements.append('grant unmask to [' ~ role ~ ']') -%}
    {%- endfor -%}
    {{ return(statements) }}
{%- endmacro %}

{#- on-run-end: the denies and UNMASK grants on Synapse and Fabric; a no-op statement elsewhere. -#}
{% macro apply_database_security() -%}
    {%- if target.type in ('synapse', 'fabric') and database_security_statements() -%}
        {{ database_security_statements() | join(';\n') }};
    {%- else -%}
        select 1 as no_database_security
    {%- endif -%}
{%- endmacro %}

{#
    star_security_ddl(): offline rendering (no server contacted) of the access control the star gets
    on Synapse and Fabric: per mart the GRANT (the adapter's get_grant_sql over the `grants` config)
    and the masks (apply_column_masks), then the schema denies and UNMASK grants (on-run-end).
        dbt --no-populate-cache run-operation star_security_ddl --target synapse|fabric
    On other targets it prints a note: none of it applies there.
#}
{% macro star_security_ddl() %}
{%- set lines = [] -%}
{%- if execute -%}
{%- do lines.append('-- Star marts: access control on target ' ~ target.name ~ ' (' ~ target.type ~ ')') -%}
{%- if target.type not in ('synapse', 'fabric') -%}
    {%- do lines.append('-- Not Synapse or Fabric: no grants, masks or denies are applied by this project here.') -%}
{%- else -%}
    {%- for node in graph.nodes.values() | sort(attribute='name')
        if node.resource_type == 'model' and node.fqn[1] == 'marts' -%}
        {%- set relation = api.Relation.create(database=node.database, schema=node.schema,
            identifier=node.alias, type='table') -%}
        {%- do lines.append('-- ' ~ node.name) -%}
        {%- for privilege, grantees in (node.config.get('grants') or {}).items() if grantees -%}
            {%- do lines.append(get_grant_sql(relation, privilege, grantees) | trim ~ ';') -%}
        {%- endfor -%}
        {%- for statement in column_mask_statements(node, relation) -%}
            {%- do lines.append(statement ~ ';') -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- do lines.append('-- below the star, and who sees masked columns in clear (on-run-end)') -%}
    {%- for statement in database_security_statements() -%}
        {%- do lines.append(statement ~ ';') -%}
    {%- endfor -%}
{%- endif -%}
{%- endif -%}
{%- do print(lines | join('\n')) -%}
{{ return(lines | join('\n')) }}
{% endmacro %}
