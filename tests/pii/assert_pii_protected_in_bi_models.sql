{#-
    Personal data reaches no BI-facing model (marts, erp_reporting, semantic) unprotected. From the
    project graph (no table is read), one row per problem:
      * a column tagged meta.pii whose pii_protection is not mask or hash;
      * a masked column without its masked_with function (nothing would mask it);
      * a column named like a tagged column of a model or source it reads, or named like personal data
        (var pii_column_names), without a pii tag;
      * a column the model says it dropped (meta.pii_dropped) that is still declared.
    tooling/tests/test_pii.py checks the same against the built tables and the Power BI export.
-#}
{%- set problems = [] -%}
{%- set personal_name = '(^|_)(' ~ var('pii_column_names') | join('|') ~ ')$' -%}
{%- if execute -%}
    {%- for node in graph.nodes.values()
        if node.resource_type == 'model' and node.fqn[1] in ('marts', 'erp_reporting', 'semantic') -%}
        {%- set parent_pii = {} -%}
        {%- for parent_id in node.depends_on.nodes -%}
            {%- set parent = graph.nodes.get(parent_id) or graph.sources.get(parent_id) -%}
            {%- for column in (parent.columns.values() if parent else []) -%}
                {%- set tag = (column.get('config') or {}).get('meta', {}).get('pii') or column.meta.get('pii') -%}
                {%- if tag -%}{%- do parent_pii.update({column.name: tag}) -%}{%- endif -%}
            {%- endfor -%}
        {%- endfor -%}
        {%- for column in node.columns.values() -%}
            {%- set meta = (column.get('config') or {}).get('meta') or column.meta -%}
            {%- set protection = meta.get('pii_protection') -%}
            {%- if meta.get('pii') and protection not in ('mask', 'hash') -%}
                {%- do problems.append((node.name, column.name, 'tagged ' ~ meta.get('pii') ~ ' without pii_protection mask or hash')) -%}
            {%- elif protection == 'mask' and not column.get('masked_with') -%}
                {%- do problems.append((node.name, column.name, 'pii_protection mask without masked_with')) -%}
            {%- elif not meta.get('pii') and column.name in parent_pii -%}
                {%- do problems.append((node.name, column.name, 'untagged: ' ~ parent_pii[column.name] ~ ' in a parent')) -%}
            {%- elif not meta.get('pii') and modules.re.search(personal_name, column.name) -%}
                {%- do problems.append((node.name, column.name, 'untagged: named like personal data')) -%}
            {%- endif -%}
            {%- if column.name in (node.config.meta.get('pii_dropped') or {}) -%}
                {%- do problems.append((node.name, column.name, 'listed in pii_dropped but still a column')) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
{%- endif -%}
{%- if problems -%}
    {%- for model_name, column_name, problem in problems %}
select
    '{{ model_name }}' as model_name,
    '{{ column_name }}' as column_name,
    '{{ problem }}' as problem
{% if not loop.last %}union all{% endif %}
    {%- endfor %}
{%- else %}
select
    cast(null as varchar(200)) as model_name,
    cast(null as varchar(200)) as column_name,
    cast(null as varchar(200)) as problem
where 1 = 0
{%- endif %}
