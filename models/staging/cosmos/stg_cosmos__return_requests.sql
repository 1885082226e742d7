{{ live_ids_circuit_breaker('return_requests', 'return_request_id') }}
with

source as (
    select * from {{ source('cosmos', 'return_requests') }}
),

live_ids as (
    select * from {{ source('cosmos_live_ids', 'return_requests') }}
),

{{ dedupe('source', ['id'], ['_ts desc', '_etag desc', '_landed_at asc'], name='latest_versions') }},

latest_live_ids as (
    select distinct id
    from live_ids
    where {{ is_latest_complete_export('export_date', 'live_ids', 'return_requests') }}
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
        id as return_request_id,
        "rmaNumber" as rma_number,
        "customerId" as customer_id,
        "orderId" as sales_order_id,
        -- attributes
        status as return_status,
        reason as return_reason,
        -- amounts (order currency; Cosmos stores decimals as doubles)
        cast(round("refundAmount", 2) as decimal(18, 2)) as refund_amount,
        -- flags
        is_deleted,
        -- 1 when items cannot be unnested (stg_cosmos__invalid_json_quarantine says why)
        {{ to_flag('(' ~ json_array_problem('items') ~ ') is not null') }} as has_invalid_json,
        -- timestamps (UTC)
        {{ iso_text_to_timestamp('"requestedAt"') }} as requested_at,
        {{ iso_text_to_timestamp('"resolvedAt"') }} as resolved_at,
        {{ epoch_to_timestamp('_ts') }} as modified_at
    from flagged
)

select
    return_request_id,
    rma_number,
    customer_id,
    sales_order_id,
    return_status,
    return_reason,
    requested_at,
    resolved_at,
    refund_amount,
    modified_at,
    is_deleted,
    has_invalid_json
from renamed
