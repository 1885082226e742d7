{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='ticket_id',
        on_schema_change='fail'
    )
}}
{{ live_ids_circuit_breaker('support_tickets', 'ticket_id') }}
{%- set ticket_columns = [
    'ticket_id', 'ticket_number', 'customer_id', 'app_user_id', 'sales_order_id', 'assigned_agent_id',
    'channel', 'ticket_category', 'priority', 'ticket_status', 'subject', 'has_invalid_json',
    'created_at', 'first_response_at', 'resolved_at', 'closed_at', 'modified_at', 'etag', 'landed_at'
] -%}
-- Staged incrementally by arrival (macro with_staged_versions): a run reads only the files landed at
-- or after the latest landed_at staged (landed_since_watermark) and ranks their copies against the
-- row already staged for the same ticket (the winner of every older copy; the ranking columns
-- modified_at, etag and the first copy's landed_at are staged with it). The delete flags come from
-- the live_ids export, which the watermark does not see, so a run also restages the tickets whose
-- state in the latest complete export differs from the one staged: a ticket deleted since has its
-- subject erased from the staged row, and a ticket live again (an earlier export missed it) has its
-- every landed copy read again, since the staged subject is gone. Every other staged row is what a
-- full refresh would stage, so the result equals a full refresh. The versions are read from the
-- source, not from base_cosmos__support_tickets (a view over every landed file).
-- Macro cosmos_restaged_arrivals writes the CTEs up to `landed` (the rows to rename) and
-- `deleted_since` (the staged rows of the tickets deleted since).
with

{{ cosmos_restaged_arrivals('support_tickets', 'ticket_id', ticket_columns) }},

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
        -- free text: erased below once the ticket is deleted (the right to erasure)
        subject,
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
        -- the version tag: the dedup's tie-break after modified_at
        _etag as etag,
        -- the arrival marker of the file this version landed in (first copy): what incremental models load by
        cast(_landed_at as {{ dbt.type_timestamp() }}) as landed_at
    from landed
    {% if is_incremental() %}
    union all
    -- the staged rows of the tickets deleted since (their subject is erased below)
    select * from deleted_since
    {% endif %}
),

{{ with_staged_versions('renamed', ['ticket_id'], ticket_columns) }},

-- subject last: a copy read again (a ticket live again) beats its erased staged row
{{ dedupe('candidates', ['ticket_id'], ['modified_at desc', 'etag desc', 'landed_at asc', 'subject desc'],
    name='latest_versions') }},

{{ cosmos_flagged('latest_versions', 'ticket_id') }}

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
    {{ erase_when_deleted('subject') }} as subject,
    assigned_agent_id,
    created_at,
    first_response_at,
    resolved_at,
    closed_at,
    modified_at,
    etag,
    landed_at,
    is_deleted,
    has_invalid_json
from flagged
