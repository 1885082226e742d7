{#-
    cosmos_latest_versions(container, drop_implausible=false): the body of a Cosmos base model. One row
    per document of `container`: its latest version (highest _ts, then _etag, then the first copy to
    land) and is_deleted, 1 when the document is absent from the latest complete live_ids export
    (Cosmos DB keeps no tombstones). drop_implausible leaves out versions whose _ts is in the future,
    in epoch milliseconds or before the floor (stg_quarantine__implausible_timestamps_rejected lists
    them), so they never become a document's latest version.
-#}
{% macro cosmos_latest_versions(container, drop_implausible=false) %}
with

source as (
    select * from {{ source('cosmos', container) }}
    {%- if drop_implausible %}
    where {{ implausible_time_reason('_ts', 'epoch_seconds') }} is null
    {%- endif %}
),

{{ cosmos_latest_live_ids(container) }},

{{ dedupe('source', ['id'], ['_ts desc', '_etag desc', '_landed_at asc'], name='latest_versions') }},

{{ cosmos_flagged('latest_versions', 'id') }}

select * from flagged
{% endmacro %}

{#-
    cosmos_latest_live_ids(container): CTE definitions `live_ids` (every live_ids export of
    `container`) and `latest_live_ids` (the distinct ids of the latest complete export): a document
    absent from `latest_live_ids` is deleted (Cosmos DB keeps no tombstones).
-#}
{% macro cosmos_latest_live_ids(container) -%}
live_ids as (
    select * from {{ source('cosmos_live_ids', container) }}
),

latest_live_ids as (
    select distinct id
    from live_ids
    where {{ is_latest_complete_export('export_date', 'live_ids', container) }}
)
{%- endmacro %}

{#-
    cosmos_flagged(relation, id_column, flag_column='is_deleted'): the CTE definition `flagged`:
    every row of `relation` and `flag_column`, 1 when its `id_column` is absent from
    `latest_live_ids` (cosmos_latest_live_ids), 0 otherwise.
-#}
{% macro cosmos_flagged(relation, id_column, flag_column='is_deleted') -%}
-- the left join only looks up the delete flag
flagged as (
    select
        {{ relation }}.*,
        {{ to_flag('latest_live_ids.id is null') }} as {{ flag_column }}
    from {{ relation }}
    left join latest_live_ids
        on {{ relation }}.{{ id_column }} = latest_live_ids.id
)
{%- endmacro %}

{#-
    cosmos_restaged_arrivals(container, key_column, columns, flag_column='is_deleted',
    live_ids_container=container, live_ids_column=key_column): for a Cosmos staging model that is
    incremental by arrival (delete+insert on `key_column`, the document id) and flags deletes from a
    live_ids export, the CTE definitions of its WITH list up to `landed`, the landed rows it stages:
    * `live_ids`, `latest_live_ids`: the latest complete export of `live_ids_container`
      (cosmos_latest_live_ids);
    * incremental run only: `delete_state_changed`, the staged documents (`key_column`, `flag_column`)
      whose flag differs from the one the latest export gives (the staged `live_ids_column` looked up
      in it), and `deleted_since`, the staged rows (`columns`, in the order of the model's renamed
      select) of those deleted since (flag 0 staged), for the model to union into its renamed rows
      and erase;
    * `source`: the container's landed rows with a plausible _ts (implausible_time_reason: never a
      document's latest version; every row when `drop_implausible` is false), on an incremental run
      only those landed since the watermark (landed_since_watermark);
    * incremental run only: `revived`, every landed copy (plausible _ts, unless `drop_implausible` is
      false) of the documents live again
      (flag 1 staged), whose erased staged rows cannot win against their copies;
    * `landed`: `source` and, on an incremental run, `revived`.
-#}
{% macro cosmos_restaged_arrivals(container, key_column, columns, flag_column='is_deleted',
    live_ids_container=none, live_ids_column=none, drop_implausible=true) -%}
    {%- set live_ids_container = live_ids_container or container -%}
    {%- set live_ids_column = live_ids_column or key_column -%}
{{ cosmos_latest_live_ids(live_ids_container) }},

{% if is_incremental() -%}
-- staged documents whose state in the latest export is not the one staged
delete_state_changed as (
    select
        staged.{{ key_column }},
        staged.{{ flag_column }}
    from {{ this }} as staged
    left join latest_live_ids
        on staged.{{ live_ids_column }} = latest_live_ids.id
    where staged.{{ flag_column }} != {{ to_flag('latest_live_ids.id is null') }}
),

-- the staged rows of the documents deleted since (the model erases their personal data)
deleted_since as (
    select
        staged.{{ columns | join(',\n        staged.') }}
    from {{ this }} as staged
    where
        staged.{{ key_column }} in (
            select delete_state_changed.{{ key_column }}
            from delete_state_changed
            where delete_state_changed.{{ flag_column }} = 0
        )
),

{% endif -%}
-- implausible _ts (future, epoch milliseconds, before the floor): never a document's latest version
source as (
    select * from {{ source('cosmos', container) }}
    where
        {% if drop_implausible -%}
        {{ implausible_time_reason('_ts', 'epoch_seconds') }} is null
        {%- else -%}
        1 = 1
        {%- endif %}
        {%- if is_incremental() %}
        and {{ landed_since_watermark('_landed_at') }}
        {%- endif %}
),

{% if is_incremental() -%}
-- every landed copy of the documents live again (their staged personal data was erased)
revived as (
    select * from {{ source('cosmos', container) }}
    where
        {% if drop_implausible -%}
        {{ implausible_time_reason('_ts', 'epoch_seconds') }} is null
        and {% endif -%}
        id in (
            select delete_state_changed.{{ key_column }}
            from delete_state_changed
            where delete_state_changed.{{ flag_column }} = 1
        )
),

{% endif -%}
landed as (
    select * from source
    {%- if is_incremental() %}
    union all
    select * from revived
    {%- endif %}
)
{%- endmacro %}

{#-
    cosmos_arrived_versions(container, parent, parent_key): for the incremental run of a model that
    unnests a JSON array of a Cosmos document (one row per element), CTE definitions for its WITH list
    ending with `latest_versions`, the rows base view cosmos_latest_versions would give (the landed
    columns and is_deleted) for the documents whose staged version changed in this run: the latest
    version among the files landed since the model's watermark (landed_since_watermark), kept where it
    is the version the incremental parent model (`parent`, a relation with `parent_key`, modified_at,
    etag, landed_at and is_deleted, built earlier in the same run) now holds. A newly landed copy that
    lost to the staged version (an older version, or a later copy of the same one) changes nothing.
    The model is delete+insert on the parent key and deletes in a post-hook (stale_children_delete)
    the rows of documents whose new version has no element left.
-#}
{% macro cosmos_arrived_versions(container, parent, parent_key) -%}
arrived as (
    select * from {{ source('cosmos', container) }}
    where
        {{ implausible_time_reason('_ts', 'epoch_seconds') }} is null
        and {{ landed_since_watermark('_landed_at') }}
),

{{ dedupe('arrived', ['id'], ['_ts desc', '_etag desc', '_landed_at asc'], name='arrived_latest') }},

latest_versions as (
    select
        arrived_latest.*,
        parent.is_deleted
    from arrived_latest
    inner join {{ parent }} as parent
        on
            arrived_latest.id = parent.{{ parent_key }}
            and {{ epoch_to_timestamp('arrived_latest._ts') }} = parent.modified_at
            and arrived_latest._etag = parent.etag
            and cast(arrived_latest._landed_at as {{ dbt.type_timestamp() }}) = parent.landed_at
)
{%- endmacro %}

{#-
    cosmos_children_flagged_again(parent, parent_key, columns): for the same incremental run, the
    select of the rows the model already holds for the documents whose delete flag in `parent` changed
    (a later live_ids export) and whose version did not: the same rows with the new flag. `columns`
    are the model's columns other than is_deleted, in the order the model selects them before it.
-#}
{% macro cosmos_children_flagged_again(parent, parent_key, columns) -%}
    select
        {% for column in columns -%}
        staged.{{ column }},
        {% endfor -%}
        parent.is_deleted
    from {{ this }} as staged
    inner join {{ parent }} as parent
        on staged.{{ parent_key }} = parent.{{ parent_key }}
    where
        staged.is_deleted <> parent.is_deleted
        and staged.{{ parent_key }} not in (select latest_versions.id from latest_versions)
{%- endmacro %}

{#-
    stale_children_delete(parent, parent_key): post-hook of a model unnested from a Cosmos document
    that is incremental on the parent key: deletes the rows of the documents whose staged version
    (`parent`'s modified_at and landed_at) is no longer the one the rows were unnested from. A new
    version replaces its document's rows (delete+insert on the key) unless it has no element to
    unnest (an empty or invalid array): then its old rows are left, and this removes them. A version
    is identified by its _ts and the file it first landed in (one version of a document per file).
-#}
{% macro stale_children_delete(parent, parent_key) -%}
    delete from {{ this }}
    where {{ parent_key }} in (
        select stale.{{ parent_key }}
        from {{ this }} as stale
        inner join {{ parent }} as parent
            on stale.{{ parent_key }} = parent.{{ parent_key }}
        where stale.modified_at <> parent.modified_at or stale.landed_at <> parent.landed_at
    )
{%- endmacro %}
