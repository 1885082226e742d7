{{ live_ids_circuit_breaker('app_users', 'app_user_id') }}
with

-- the latest version of each document and its delete flag, computed once (base_cosmos__app_users)
latest_versions as (
    select * from {{ ref('base_cosmos__app_users') }}
),

renamed as (
    select
        -- keys
        id as app_user_id,
        "customerId" as customer_id,
        -- attributes (personal data: NULL once the user is deleted, the right to erasure)
        {{ erase_when_deleted('email') }} as email,
        {{ erase_when_deleted('"displayName"') }} as display_name,
        platform,
        "countryCode" as country_code,
        {{ json_value('preferences', '$.language') }} as preferred_language,
        -- flags
        {{ to_flag('"marketingOptIn"') }} as is_marketing_opt_in,
        is_deleted,
        -- timestamps (UTC)
        {{ iso_text_to_timestamp('"signupAt"') }} as signup_at,
        {{ iso_text_to_timestamp('"lastLoginAt"') }} as last_login_at,
        {{ epoch_to_timestamp('_ts') }} as modified_at,
        -- the arrival marker of the file this version landed in (first copy): what incremental models load by
        cast(_landed_at as {{ dbt.type_timestamp() }}) as landed_at
    from latest_versions
)

select
    app_user_id,
    customer_id,
    email,
    display_name,
    platform,
    country_code,
    is_marketing_opt_in,
    signup_at,
    last_login_at,
    preferred_language,
    modified_at,
    landed_at,
    is_deleted
from renamed
