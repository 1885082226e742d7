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
