{{ live_ids_circuit_breaker('support_tickets', 'ticket_id') }}
with

-- the latest version of each ticket and its delete flag, computed once (base_cosmos__support_tickets)
latest_versions as (
    select * from {{ ref('base_cosmos__support_tickets') }}
),

renamed as (
    select
        -- keys
        id as ticket_id,
        "ticketNumber" as ticket_number,
        "customerId" as customer_id,
        "appUserId" as app_user_id,
        "orderId" as sales_order_id,
        "assignedAgentId" as assigned_agent_id,
        -- attributes
        channel,
        category as ticket_category,
        priority,
        status as ticket_status,
        -- free text: NULL once the ticket is deleted (the right to erasure)
        {{ erase_when_deleted('subject') }} as subject,
        -- flags
        is_deleted,
        -- 1 when messages or statusHistory cannot be unnested (stg_cosmos__invalid_json_quarantine says why)
        {{ to_flag('(' ~ json_array_problem('messages') ~ ') is not null or ('
            ~ json_array_problem('"statusHistory"') ~ ') is not null') }}
            as has_invalid_json,
        -- timestamps (UTC)
        {{ iso_text_to_timestamp('"createdAt"') }} as created_at,
        {{ iso_text_to_timestamp('"firstResponseAt"') }} as first_response_at,
        {{ iso_text_to_timestamp('"resolvedAt"') }} as resolved_at,
        {{ iso_text_to_timestamp('"closedAt"') }} as closed_at,
        {{ epoch_to_timestamp('_ts') }} as modified_at,
        -- the arrival marker of the file this version landed in (first copy): what incremental models load by
        cast(_landed_at as {{ dbt.type_timestamp() }}) as landed_at
    from latest_versions
)

select
    ticket_id,
    ticket_number,
    customer_id,
    app_user_id,
    sales_order_id,
    channel,
    ticket_category,
    priority,
    ticket_status,
    subject,
    assigned_agent_id,
    created_at,
    first_response_at,
    resolved_at,
    closed_at,
    modified_at,
    landed_at,
    is_deleted,
    has_invalid_json
from renamed
