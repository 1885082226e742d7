{{ live_ids_circuit_breaker('survey_responses', 'survey_response_id') }}
with

-- the latest version of each document and its delete flag, computed once (base_cosmos__survey_responses)
latest_versions as (
    select * from {{ ref('base_cosmos__survey_responses') }}
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
    from latest_versions
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
