-- One row per survey response: its latest version and whether it was deleted in Cosmos DB, computed once for
-- stg_cosmos__survey_responses. A view, never a table: it carries the whole document, so a table would persist
-- the personal data of deleted documents; the staging models erase it.
{{ config(materialized='view') }}
with

source as (
    select * from {{ source('cosmos', 'survey_responses') }}
),

live_ids as (
    select * from {{ source('cosmos_live_ids', 'survey_responses') }}
),

{{ dedupe('source', ['id'], ['_ts desc', '_etag desc', '_landed_at asc'], name='latest_versions') }},

latest_live_ids as (
    select distinct id
    from live_ids
    where {{ is_latest_complete_export('export_date', 'live_ids', 'survey_responses') }}
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
