-- One row per app user: its latest version and whether it was deleted in Cosmos DB, computed once for
-- stg_cosmos__app_users. A view, never a table: it carries the whole document, so a table would persist
-- the personal data of deleted documents; the staging models erase it.
{{ config(materialized='view') }}
with

source as (
    select * from {{ source('cosmos', 'app_users') }}
),

live_ids as (
    select * from {{ source('cosmos_live_ids', 'app_users') }}
),

{{ dedupe('source', ['id'], ['_ts desc', '_etag desc', '_landed_at asc'], name='latest_versions') }},

latest_live_ids as (
    select distinct id
    from live_ids
    where {{ is_latest_complete_export('export_date', 'live_ids', 'app_users') }}
),

-- the left join only looks up the delete flag: a document absent from the latest live_ids export
-- was deleted in Cosmos DB (there are no tombstones)
flagged as (
    select
        latest_versions.*,
        {{ to_flag('latest_live_ids.id is null') }} as is_deleted
    from latest_versions
    left join latest_live_ids
        on latest_versions.id = latest_live_ids.id
)

select * from flagged
