{#-
    Offline view of the physical design and security the ERP reporting marts get on Hyperscale.

    dbt renders a model's SELECT at compile time, but dbt-sqlserver issues the CREATE TABLE, the
    clustered columnstore, the `indexes`, the dynamic data masks and the grants only at run time,
    against a live server (it introspects sys.indexes / sys.masked_columns first). This analysis
    renders, for every model tagged erp_reporting, the DDL those steps produce, with dbt-sqlserver's
    own macros and adapter methods where they render without a connection:
      * contract columns -> CREATE TABLE column list (dbt builds the table from the contract, then
        inserts from the model's view);
      * as_columnstore -> sqlserver__create_clustered_columnstore_index;
      * indexes -> get_create_index_sql (adapter.parse_index; names are the adapter's hashes);
      * masked_with / masks -> adapter.resolve_masks, rendered as apply_masks' ALTER ... ADD MASKED;
      * grants -> get_grant_sql.
    Run it offline (no server is contacted; it only renders):
      dbt run-operation erp_reporting_hyperscale_ddl --target hyperscale
    On other targets it renders a note only (everything above is a no-op there).
-#}
{% macro erp_reporting_hyperscale_ddl() %}
{%- set ddl -%}
{%- if execute -%}
{%- set marts = [] -%}
{%- for node in graph.nodes.values() | sort(attribute='name') -%}
{%- if node.resource_type == 'model' and 'erp_reporting' in node.tags -%}
{%- do marts.append(node) -%}
{%- endif -%}
{%- endfor -%}
-- ERP reporting marts: physical design and security on target {{ target.name }} ({{ target.type }}); {{ marts | length }} marts.
{% if target.type != 'sqlserver' %}
-- Not SQL Server: no columnstore, indexes, masks or grants are applied on this target.
{%- for node in marts %}
--   {{ node.schema }}.{{ node.alias }}: indexes {{ node.config.get('indexes') or [] }},
--     grants {{ node.config.get('grants') or {} }}
{%- endfor %}
-- (nothing to render)
{%- else %}
{%- for node in marts %}
{%- set relation = api.Relation.create(
    database=node.database, schema=node.schema, identifier=node.alias, type='table'
) %}
{%- set as_columnstore = node.config.get('as_columnstore', true) %}
{#- the adapter's own cross-config check (one clustered index at most; none with as_columnstore) -#}
{%- do adapter.validate_indexes(node.config.get('indexes') or [], as_columnstore, false) %}

-- ---------------------------------------------------------------------------------------------
-- {{ node.name }}: {{ node.config.meta.get('physical_design_hyperscale', '') }}
-- ---------------------------------------------------------------------------------------------
create table {{ relation }} (
{%- for column in node.columns.values() %}
    [{{ column.name }}] {{ column.data_type }}{{ ',' if not loop.last }}
{%- endfor %}
);
{% if as_columnstore %}
{{ sqlserver__create_clustered_columnstore_index(relation) }};
{%- endif %}
{%- for index_dict in node.config.get('indexes') or [] %}
{{ get_create_index_sql(relation, index_dict) }};
{%- endfor %}
{%- set masks = adapter.resolve_masks(node, node.config.get('masks')) %}
{%- for column_name, function in masks.items() %}
alter table {{ relation }} alter column [{{ column_name }}] add masked with (function = '{{ function | replace("'", "''") }}');
{%- endfor %}
{%- for privilege, grantees in (node.config.get('grants') or {}).items() %}
{%- if grantees %}
{{ get_grant_sql(relation, privilege, grantees) }};
{%- endif %}
{%- endfor %}
{%- endfor %}
{%- endif %}
{%- endif %}
{%- endset -%}
{%- do print(ddl) -%}
{{ return(ddl) }}
{% endmacro %}
