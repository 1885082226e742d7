{#
    orphan_key_rows(checks): one quarantine listing for every foreign key the landing contract allows to
    be an orphan (variant orphan). `checks` is a list of dicts
        {model: ref(child), id: <child's primary key>, key: <foreign key>, parent: ref(parent), field: <parent key>}
    and the result is one row per child row whose non-NULL key matches no parent row: the child model and
    its row identity (primary key as text), the key column and value, the parent, the reason, and the
    child row's arrival (source_landed_at). The rows stay in staging and map to the unknown member in the
    marts; this says which and why, and orphan_keys_within_budget (argument quarantine) reconciles its
    own count with these rows.

    Incremental (stg_quarantine__orphan_keys, delete+insert on source_model, key_column, source_row_id):
    whether a row is an orphan changes only when the row itself changes or a parent row with its key
    lands (staging keeps every key it ever staged, so a parent never disappears), and both carry a
    landed_at at or after the watermark (the latest source_landed_at held: a lower bound of the last
    run's arrivals). A run therefore lists
    * the orphans among the child rows landed since the watermark (new rows, and new versions whose key
      is still or newly an orphan: they replace the row held);
    * the rows held whose child row landed since, or whose key a parent landed since has: with no
      reason, which the model's post-hook deletes (a held row whose changed child is still an orphan is
      in both lists, and the post-hook keeps the one with a reason).
    Flat selects joined by UNION ALL (no nested WITH), so it runs on T-SQL as a view body.
#}
{% macro orphan_key_rows(checks) -%}
    {%- set incremental = is_incremental() -%}
    {#- a table built before source_landed_at existed (or by the table materialization): every held row
        is listed with no reason and every orphan again, a full check in one delete+insert -#}
    {%- set upgraded = incremental -%}
    {%- if incremental and execute and not offline_compile() -%}
        {%- set held_columns = adapter.get_columns_in_relation(this) | map(attribute='name') | map('lower') | list -%}
        {%- set upgraded = 'source_landed_at' in held_columns -%}
    {%- endif -%}
    {%- if upgraded -%}
        {%- set watermark = arrival_watermark_literal('source_landed_at') -%}
    {%- endif -%}
    {%- for check in checks %}
select
    cast('{{ check.model.identifier }}' as {{ dbt.type_string() }}) as source_model,
    cast('{{ check.id }}' as {{ dbt.type_string() }}) as source_id_column,
    cast(child.{{ check.id }} as {{ dbt.type_string() }}) as source_row_id,
    cast('{{ check.key }}' as {{ dbt.type_string() }}) as key_column,
    cast(child.{{ check.key }} as {{ dbt.type_string() }}) as key_value,
    cast('{{ check.parent.identifier }}' as {{ dbt.type_string() }}) as parent_model,
    cast('orphan: {{ check.key }} matches no {{ check.parent.identifier }}.{{ check.field }}'
        as {{ dbt.type_string() }}) as quarantine_reason,
    cast(child.landed_at as {{ dbt.type_timestamp() }}) as source_landed_at
from {{ check.model }} as child
where
    child.{{ check.key }} is not null
    {%- if upgraded %}
    and child.landed_at >= {{ watermark }}
    {%- endif %}
    and not exists (
        select 1
        from {{ check.parent }} as parent
        where parent.{{ check.field }} = child.{{ check.key }}
    )
    {%- if incremental %}
union all
select
    held.source_model,
    held.source_id_column,
    held.source_row_id,
    held.key_column,
    held.key_value,
    held.parent_model,
    cast(null as {{ dbt.type_string() }}) as quarantine_reason,
    {% if upgraded -%}
    held.source_landed_at
    {%- else -%}
    cast(null as {{ dbt.type_timestamp() }}) as source_landed_at
    {%- endif %}
from {{ this }} as held
where
    held.source_model = '{{ check.model.identifier }}'
    and held.key_column = '{{ check.key }}'
    {%- if upgraded %}
    and (
        held.source_row_id in (
            select cast(changed.{{ check.id }} as {{ dbt.type_string() }})
            from {{ check.model }} as changed
            where changed.landed_at >= {{ watermark }}
        )
        or held.key_value in (
            select cast(arrived.{{ check.field }} as {{ dbt.type_string() }})
            from {{ check.parent }} as arrived
            where arrived.landed_at >= {{ watermark }}
        )
    )
    {%- endif %}
    {%- endif %}
{% if not loop.last %}union all{% endif %}
    {%- endfor %}
{%- endmacro %}
