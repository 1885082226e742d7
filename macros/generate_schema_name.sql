{#
    Schema policy (overrides dbt's built-in generate_schema_name):

    * Production targets (the profile targets `synapse`, `hyperscale` and `fabric`; override with
      --vars '{production_targets: [...]}'): a folder's custom schema is used as-is, so staging
      lands in `staging`, the star in its own schemas, and Power BI / the ERP reporting users read
      stable schema names.
    * Every other target (`local`, a developer's own Synapse target...): the custom schema is
      prefixed by the target's schema, `<target.schema>_<custom>` (locally `main_staging`), so
      developers sharing a server never overwrite each other or production.
    * A model without a custom schema lands in the target's schema on every target.
#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- set production_targets = var('production_targets', ['synapse', 'hyperscale', 'fabric']) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- elif target.name in production_targets -%}
        {{ custom_schema_name | trim }}
    {%- else -%}
        {{ target.schema }}_{{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
