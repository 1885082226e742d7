{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='app_user_id',
        on_schema_change='fail'
    )
}}
{{ live_ids_circuit_breaker('app_users', 'app_user_id') }}
{%- set user_columns = [
    'app_user_id', 'customer_id', 'email', 'display_name', 'platform', 'country_code', 'preferred_language',
    'is_marketing_opt_in', 'signup_at', 'last_login_at', 'modified_at', 'etag', 'landed_at'
] -%}
-- Staged incrementally by arrival, as stg_cosmos__support_tickets (macro with_staged_versions): a run
-- reads only the files landed at or after the latest landed_at staged (landed_since_watermark) and ranks
-- their copies against the row already staged for the same user (the winner of every older copy; the
-- ranking columns modified_at, etag and the first copy's landed_at are staged with it). The delete
-- flags come from the live_ids export, which the watermark does not see, so a run also restages the
-- users whose state in the latest complete export differs from the one staged: a user deleted since
-- has its e-mail and display name erased from the staged row, and a user live again (an earlier export
-- missed it) has its every landed copy read again, since the staged personal data is gone. Every other
-- staged row is what a full refresh would stage, so the result equals a full refresh. Every version
-- counts, whatever its _ts (drop_implausible false: app users are outside the implausible-timestamp
-- quarantine, as they were when a view deduplicated the whole change log every run).
-- Macro cosmos_restaged_arrivals writes the CTEs up to `landed` (the rows to rename) and
-- `deleted_since` (the staged rows of the users deleted since).
with

{{ cosmos_restaged_arrivals('app_users', 'app_user_id', user_columns, drop_implausible=false) }},

renamed as (
    select
        -- keys
        id as app_user_id,
        "customerId" as customer_id,
        -- personal data: erased below once the user is deleted (the right to erasure)
        email,
        "displayName" as display_name,
        -- attributes
        platform,
        "countryCode" as country_code,
        {{ json_value('preferences', '$.language') }} as preferred_language,
        -- flags
        {{ to_flag('"marketingOptIn"') }} as is_marketing_opt_in,
        -- timestamps (UTC)
        {{ iso_text_to_timestamp('"signupAt"') }} as signup_at,
        {{ iso_text_to_timestamp('"lastLoginAt"') }} as last_login_at,
        {{ epoch_to_timestamp('_ts') }} as modified_at,
        -- the version tag: the dedup's tie-break after modified_at
        _etag as etag,
        -- the arrival marker of the file this version landed in (first copy): what incremental models load by
        cast(_landed_at as {{ dbt.type_timestamp() }}) as landed_at
    from landed
    {% if is_incremental() %}
    union all
    -- the staged rows of the users deleted since (their personal data is erased below)
    select * from deleted_since
    {% endif %}
),

{{ with_staged_versions('renamed', ['app_user_id'], user_columns) }},

-- the personal data last: a copy read again (a user live again) beats its erased staged row
{{ dedupe('candidates', ['app_user_id'],
    ['modified_at desc', 'etag desc', 'landed_at asc', 'email desc', 'display_name desc'],
    name='latest_versions') }},

{{ cosmos_flagged('latest_versions', 'app_user_id') }}

select
    app_user_id,
    customer_id,
    {{ erase_when_deleted('email') }} as email,
    {{ erase_when_deleted('display_name') }} as display_name,
    platform,
    country_code,
    is_marketing_opt_in,
    signup_at,
    last_login_at,
    preferred_language,
    modified_at,
    etag,
    landed_at,
    is_deleted
from flagged
