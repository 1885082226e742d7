{{ live_ids_circuit_breaker('return_requests', 'return_request_id') }}
with

-- the latest version of each document and its delete flag, computed once (base_cosmos__return_requests)
latest_versions as (
    select * from {{ ref('base_cosmos__return_requests') }}
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
        {{ money('round("refundAmount", 2)') }} as refund_amount,
        -- flags
        is_deleted,
        -- 1 when items cannot be unnested (stg_cosmos__invalid_json_quarantine says why)
        {{ to_flag('(' ~ json_array_problem('items') ~ ') is not null') }} as has_invalid_json,
        -- timestamps (UTC)
        {{ iso_text_to_timestamp('"requestedAt"') }} as requested_at,
        {{ iso_text_to_timestamp('"resolvedAt"') }} as resolved_at,
        {{ epoch_to_timestamp('_ts') }} as modified_at
    from latest_versions
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
