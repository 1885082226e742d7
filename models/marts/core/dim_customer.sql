{#-
    dim_customer: SCD2, one row per customer version, built from every version of the ERP customer
    master that landed in the lake (stg_lake_erp__customer_versions: the extracts are a change log),
    so the versions and their keys depend only on what has landed, never on when or how often dbt
    ran. Validity windows come from the change log's own `updated_at`: a version is valid from its
    `updated_at` until the next version's. The first version is extended back to 1900-01-01: the
    lake's initial load carries only the state on its first day, and facts older than that state
    (or than its `updated_at`) get the oldest known version rather than the unknown member, which
    stays for NULL, orphan and never-landed customer ids. The surrogate key is md5(customer_id,
    updated_at), the version's own start, never the 1900 extension, so a version keeps its key when
    an older one lands late. Enriched with the customer's app accounts (type 1: always the current
    state) so that the ERP customer and the app users form one customer identity.
-#}

with

customer_change_log as (
    select * from {{ ref('stg_lake_erp__customer_versions') }}
),

app_users as (
    select * from {{ ref('stg_cosmos__app_users') }}
),

live_app_users as (
    select
        customer_id,
        app_user_id,
        platform,
        signup_at,
        last_login_at,
        is_marketing_opt_in,
        row_number() over (partition by customer_id order by signup_at, app_user_id) as signup_order
    from app_users
    where is_deleted = 0 and customer_id is not null
),

app_accounts as (
    select
        customer_id,
        count(*) as app_user_count,
        min(signup_at) as first_app_signup_at,
        max(last_login_at) as last_app_login_at,
        max(coalesce(is_marketing_opt_in, 0)) as is_marketing_opt_in,
        max(case when signup_order = 1 then platform end) as first_app_platform
    from live_app_users
    group by customer_id
),

versions as (
    select
        customer_id,
        customer_number,
        customer_name,
        segment,
        country_code,
        currency_code,
        credit_limit_amount,
        payment_terms_days,
        is_active,
        created_at,
        updated_at as version_started_at,
        lead(updated_at) over (partition by customer_id order by updated_at) as next_version_started_at,
        row_number() over (partition by customer_id order by updated_at) as version_number
    from customer_change_log
),

customer_versions as (
    select
        {{ surrogate_key(['versions.customer_id', 'versions.version_started_at']) }} as customer_key,
        versions.customer_id,
        versions.version_number,
        versions.customer_number,
        versions.customer_name,
        versions.segment,
        upper(versions.country_code) as country_code,
        versions.currency_code,
        versions.credit_limit_amount,
        versions.payment_terms_days,
        versions.is_active,
        {{ to_flag('app_accounts.customer_id is not null') }} as has_app_account,
        coalesce(app_accounts.app_user_count, 0) as app_user_count,
        app_accounts.first_app_platform,
        coalesce(app_accounts.is_marketing_opt_in, 0) as is_marketing_opt_in,
        app_accounts.first_app_signup_at,
        app_accounts.last_app_login_at,
        versions.created_at as customer_created_at,
        case
            when versions.version_number = 1 then cast('1900-01-01' as {{ dbt.type_timestamp() }})
            else versions.version_started_at
        end as valid_from_at,
        coalesce(versions.next_version_started_at, cast('9999-12-31' as {{ dbt.type_timestamp() }})) as valid_to_at,
        {{ to_flag('versions.next_version_started_at is null') }} as is_current
    from versions
    left join app_accounts
        on versions.customer_id = app_accounts.customer_id
),

unknown_member as (
    select
        {{ unknown_key() }} as customer_key,
        cast(-1 as {{ dbt.type_bigint() }}) as customer_id,
        1 as version_number,
        'Unknown' as customer_number,
        'Unknown customer' as customer_name,
        'unknown' as segment,
        'XX' as country_code,
        'XXX' as currency_code,
        {{ money('null') }} as credit_limit_amount,
        cast(null as {{ dbt.type_int() }}) as payment_terms_days,
        0 as is_active,
        0 as has_app_account,
        0 as app_user_count,
        cast(null as {{ dbt.type_string() }}) as first_app_platform,
        0 as is_marketing_opt_in,
        cast(null as {{ dbt.type_timestamp() }}) as first_app_signup_at,
        cast(null as {{ dbt.type_timestamp() }}) as last_app_login_at,
        cast(null as {{ dbt.type_timestamp() }}) as customer_created_at,
        cast('1900-01-01' as {{ dbt.type_timestamp() }}) as valid_from_at,
        cast('9999-12-31' as {{ dbt.type_timestamp() }}) as valid_to_at,
        1 as is_current
),

unioned as (
    select * from customer_versions
    union all
    select * from unknown_member
)

select
    -- keys
    cast(customer_key as varchar(32)) as customer_key,
    cast(customer_id as bigint) as customer_id,
    cast(version_number as int) as version_number,
    -- attributes (ERP customer master, SCD2)
    cast(customer_number as varchar(16)) as customer_number,
    cast(customer_name as varchar(200)) as customer_name,
    cast(segment as varchar(20)) as segment,
    cast(country_code as varchar(2)) as country_code,
    cast(currency_code as varchar(3)) as currency_code,
    {{ money('credit_limit_amount') }} as credit_limit_amount,
    cast(payment_terms_days as int) as payment_terms_days,
    -- app identity (type 1: current state of the customer's app accounts)
    cast(app_user_count as int) as app_user_count,
    cast(first_app_platform as varchar(10)) as first_app_platform,
    -- flags
    cast(is_active as int) as is_active,
    cast(has_app_account as int) as has_app_account,
    cast(is_marketing_opt_in as int) as is_marketing_opt_in,
    cast(is_current as int) as is_current,
    -- timestamps
    cast(customer_created_at as {{ dbt.type_timestamp() }}) as customer_created_at,
    cast(first_app_signup_at as {{ dbt.type_timestamp() }}) as first_app_signup_at,
    cast(last_app_login_at as {{ dbt.type_timestamp() }}) as last_app_login_at,
    cast(valid_from_at as {{ dbt.type_timestamp() }}) as valid_from_at,
    cast(valid_to_at as {{ dbt.type_timestamp() }}) as valid_to_at
from unioned
