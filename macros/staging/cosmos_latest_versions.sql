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

live_ids as (
    select * from {{ source('cosmos_live_ids', container) }}
),

{{ dedupe('source', ['id'], ['_ts desc', '_etag desc', '_landed_at asc'], name='latest_versions') }},

latest_live_ids as (
    select distinct id
    from live_ids
    where {{ is_latest_complete_export('export_date', 'live_ids', container) }}
),

-- the left join only looks up the delete flag
flagged as (
    select
        latest_versions.*,
        {{ to_flag('latest_live_ids.id is null') }} as is_deleted
    from latest_versions
    left join latest_live_ids
        on latest_versions.id = latest_live_ids.id
)

select * from flagged
{% endmacro %}

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
