-- Quarantine of nested JSON that cannot be unnested: one row per current document version and JSON
-- property (support_tickets.messages / statusHistory, return_requests.items) that is not valid JSON or
-- not an array, with the reason, the document's identity (container, id, _ts, _etag) and the landed
-- text. The document itself keeps its row in staging, flagged has_invalid_json = 1; its children from
-- that property are missing from the unnested models, and this model says which and why.
with

tickets as (
    select * from {{ source('cosmos', 'support_tickets') }}
),

return_requests as (
    select * from {{ source('cosmos', 'return_requests') }}
),

{{ dedupe('tickets', ['id'], ['_ts desc', '_etag desc'], name='latest_tickets') }},

{{ dedupe('return_requests', ['id'], ['_ts desc', '_etag desc'], name='latest_return_requests') }},

checked as (
    select
        'support_tickets' as container_name,
        id as document_id,
        _ts as document_ts,
        _etag as document_etag,
        'messages' as json_property,
        {{ json_array_problem('messages') }} as quarantine_reason,
        messages as json_text
    from latest_tickets
    union all
    select
        'support_tickets' as container_name,
        id as document_id,
        _ts as document_ts,
        _etag as document_etag,
        'statusHistory' as json_property,
        {{ json_array_problem('"statusHistory"') }} as quarantine_reason,
        "statusHistory" as json_text
    from latest_tickets
    union all
    select
        'return_requests' as container_name,
        id as document_id,
        _ts as document_ts,
        _etag as document_etag,
        'items' as json_property,
        {{ json_array_problem('items') }} as quarantine_reason,
        items as json_text
    from latest_return_requests
)

select
    container_name,
    document_id,
    document_ts,
    document_etag,
    json_property,
    quarantine_reason,
    json_text
from checked
where quarantine_reason is not null
