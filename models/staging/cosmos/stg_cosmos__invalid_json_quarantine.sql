-- Quarantine of nested JSON that cannot be unnested: one row per current document version and JSON
-- property (support_tickets.messages / statusHistory, return_requests.items) that is not valid JSON or
-- not an array, with the reason, the document's identity (container, id, _ts, _etag) and the landed
-- text. The document itself keeps its row in staging, flagged has_invalid_json = 1; its children from
-- that property are missing from the unnested models, and this model says which and why. The landed
-- text of a deleted document (absent from the latest complete live_ids export) is not kept: NULL
-- (the right to erasure).
with

tickets as (
    select * from {{ source('cosmos', 'support_tickets') }}
),

return_requests as (
    select * from {{ source('cosmos', 'return_requests') }}
),

ticket_live_ids as (
    select * from {{ source('cosmos_live_ids', 'support_tickets') }}
),

return_request_live_ids as (
    select * from {{ source('cosmos_live_ids', 'return_requests') }}
),

live_documents as (
    select distinct
        'support_tickets' as container_name,
        id as document_id
    from ticket_live_ids
    where {{ is_latest_complete_export('export_date', 'ticket_live_ids', 'support_tickets') }}
    union all
    select distinct
        'return_requests' as container_name,
        id as document_id
    from return_request_live_ids
    where {{ is_latest_complete_export('export_date', 'return_request_live_ids', 'return_requests') }}
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

-- the left join only looks up whether the document is still live
select
    checked.container_name,
    checked.document_id,
    checked.document_ts,
    checked.document_etag,
    checked.json_property,
    checked.quarantine_reason,
    case when live_documents.document_id is null then null else checked.json_text end as json_text
from checked
left join live_documents
    on
        checked.container_name = live_documents.container_name
        and checked.document_id = live_documents.document_id
where checked.quarantine_reason is not null
