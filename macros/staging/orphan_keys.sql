{#
    orphan_key_rows(checks): one quarantine listing for every foreign key the landing contract allows to
    be an orphan (variant orphan). `checks` is a list of dicts
        {model: ref(child), id: <child's primary key>, key: <foreign key>, parent: ref(parent), field: <parent key>}
    and the result is one row per child row whose non-NULL key matches no parent row: the child model and
    its row identity (primary key as text), the key column and value, the parent, and the reason. The
    rows stay in staging and map to the unknown member in the marts; this says which and why, and
    orphan_keys_within_budget (argument quarantine) reconciles its own count with these rows.
    Flat selects joined by UNION ALL (no nested WITH), so it runs on T-SQL as a view body.
#}
{% macro orphan_key_rows(checks) -%}
    {%- for check in checks %}
select
    cast('{{ check.model.identifier }}' as {{ dbt.type_string() }}) as source_model,
    cast('{{ check.id }}' as {{ dbt.type_string() }}) as source_id_column,
    cast(child.{{ check.id }} as {{ dbt.type_string() }}) as source_row_id,
    cast('{{ check.key }}' as {{ dbt.type_string() }}) as key_column,
    cast(child.{{ check.key }} as {{ dbt.type_string() }}) as key_value,
    cast('{{ check.parent.identifier }}' as {{ dbt.type_string() }}) as parent_model,
    cast('orphan: {{ check.key }} matches no {{ check.parent.identifier }}.{{ check.field }}'
        as {{ dbt.type_string() }}) as quarantine_reason
from {{ check.model }} as child
left join (
    select distinct {{ check.field }} as parent_key
    from {{ check.parent }}
) as parent
    on child.{{ check.key }} = parent.parent_key
where child.{{ check.key }} is not null and parent.parent_key is null
{% if not loop.last %}union all{% endif %}
    {%- endfor %}
{%- endmacro %}
