{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='event_id',
        on_schema_change='fail'
    )
}}
{#-
    One row per app interaction event. Incremental by arrival, delete+insert keyed on event_id: a
    run reloads, whatever their event dates, the events that landed since the latest landed_at
    already loaded (arrival_watermark: a late partition, an offline client's late events, a
    duplicate landed again), every event of a gap session that one of them changed
    (session_landed_at), so that a late event that merges two gap sessions re-keys all their events,
    the events of app users whose document, or any version of whose customer, landed since, the
    events of products with a version landed since, and the events whose customer or product did
    not resolve last time (unknown member). No event-time lookback: arrival covers every late case.
    Events are never deleted in Cosmos (no live_ids). The result equals a full refresh.
-#}
-- the incremental branch reads the arrival of dimension rows:
-- depends_on: {{ ref('stg_lake_erp__customer_versions') }}
-- depends_on: {{ ref('stg_lake_erp__product_versions') }}
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
-- app users whose document, or a version of whose customer, landed since the watermark: their
-- events may resolve to another customer version now
arrived_app_users as (
    {{ app_users_arrived() }}
),

arrived_products as (
    select distinct product_versions.product_id
    from {{ ref('stg_lake_erp__product_versions') }} as product_versions
    where product_versions.landed_at >= {{ arrival_watermark() }}
),
{% endif %}

changed_events as (
    select *
    from events
    {% if is_incremental() %}
    where
        landed_at >= {{ arrival_watermark() }}
        or session_landed_at >= {{ arrival_watermark() }}
        or app_user_id in (select arrived_app_users.app_user_id from arrived_app_users)
        or product_id in (select arrived_products.product_id from arrived_products)
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
        cast(modified_at as {{ dbt.type_timestamp() }}) as modified_at,
        -- arrival: when the event's file landed (the incremental watermark)
        cast(landed_at as {{ dbt.type_timestamp() }}) as landed_at
    from joined
)

select * from final
