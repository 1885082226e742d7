{{ live_ids_circuit_breaker('survey_responses', 'survey_response_id') }}
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
),

renamed as (
    select
        -- keys
        id as survey_response_id,
        "ticketId" as ticket_id,
        "customerId" as customer_id,
        "userId" as app_user_id,
        -- attributes
        "surveyType" as survey_type,
        channel,
        score,
        -- free text: NULL once the response is deleted (the right to erasure)
        {{ erase_when_deleted('comment') }} as survey_comment,
        -- flags
        is_deleted,
        -- timestamps (UTC)
        {{ iso_text_to_timestamp('"submittedAt"') }} as submitted_at,
        {{ epoch_to_timestamp('_ts') }} as modified_at
    from flagged
)

select
    survey_response_id,
    survey_type,
    ticket_id,
    customer_id,
    app_user_id,
    channel,
    score,
    survey_comment,
    submitted_at,
    modified_at,
    is_deleted
from renamed
