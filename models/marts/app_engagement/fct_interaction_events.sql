{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='event_id',
        on_schema_change='fail',
        post_hook=["{{ create_statistics(['app_user_id', 'app_session_key', 'event_date_key', 'customer_key']) }}"]
    )
}}
{#-
    One row per app interaction event. Incremental, delete+insert keyed on event_id: a run reloads
    the events whose modified_at is on or after the target's latest modified_at less
    var('lookback_days', 3) days (late events from offline clients, duplicates re-landed), plus
    every event of a gap session that one of them changed (session_modified_at), so that a late
    event that merges two gap sessions re-keys all their events, plus the events of app users whose
    customer or product did not resolve last time (unknown member), so that a late app-user,
    customer or product version is picked up. Events are never deleted in Cosmos (no live_ids).
    The result equals a full refresh.
-#}
with

events as (
    select * from {{ ref('int_interaction_events_sessionized') }}
),

app_users as (
    select * from {{ ref('stg_cosmos__app_users') }}
),

customers as (
    select * from {{ ref('dim_customer') }}
),

channels as (
    select * from {{ ref('dim_channel') }}
),

products as (
    select * from {{ ref('dim_product') }}
),

{% if is_incremental() %}
incremental_cutoff as (
    select {{ dbt.dateadd('day', -1 * var('lookback_days', 3), 'max(modified_at)') }} as cutoff_at
    from {{ this }}
),
{% endif %}

changed_events as (
    select *
    from events
    {% if is_incremental() %}
    where
        modified_at >= (select incremental_cutoff.cutoff_at from incremental_cutoff)
        or session_modified_at >= (select incremental_cutoff.cutoff_at from incremental_cutoff)
        or event_id in (
            select unresolved.event_id
            from {{ this }} as unresolved
            where unresolved.customer_key = {{ unknown_key() }}
                or (unresolved.product_key = {{ unknown_key() }} and unresolved.product_id is not null)
        )
    {% endif %}
),

joined as (
    select
        changed_events.*,
        {{ dimension_key('customers.customer_key') }} as customer_key,
        {{ dimension_key('channels.channel_key') }} as channel_key,
        {{ dimension_key('products.product_key') }} as product_key
    from changed_events
    left join app_users
        on changed_events.app_user_id = app_users.app_user_id
    left join customers
        on app_users.customer_id = customers.customer_id
            and changed_events.event_at >= customers.valid_from_at
            and changed_events.event_at < customers.valid_to_at
    left join channels
        on case
                when changed_events.platform = 'web' then 'web'
                when changed_events.platform in ('ios', 'android') then 'mobile'
            end = channels.channel_code
    left join products
        on changed_events.product_id = products.product_id
            and changed_events.event_at >= products.valid_from_at
            and changed_events.event_at < products.valid_to_at
),

final as (
    select
        -- keys
        cast(event_id as varchar(64)) as event_id,
        cast(app_session_key as varchar(32)) as app_session_key,
        cast(app_user_id as varchar(64)) as app_user_id,
        cast(customer_key as varchar(32)) as customer_key,
        cast(channel_key as varchar(32)) as channel_key,
        cast(product_key as varchar(32)) as product_key,
        {{ date_key('event_at') }} as event_date_key,
        cast(product_id as {{ dbt.type_bigint() }}) as product_id,
        cast(sales_order_id as {{ dbt.type_bigint() }}) as sales_order_id,
        -- dates (the typed dates behind the date keys, for the semantic layer)
        cast(event_at as date) as event_date,
        -- attributes
        cast(event_type as varchar(32)) as event_type,
        cast(platform as varchar(16)) as platform,
        cast(screen as varchar(100)) as screen,
        cast(session_source as varchar(16)) as session_source,
        -- timestamps
        cast(event_at as {{ dbt.type_timestamp() }}) as event_at,
        cast(modified_at as {{ dbt.type_timestamp() }}) as modified_at
    from joined
)

select * from final
