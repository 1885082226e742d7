{#- dim_channel: one row per channel (static reference data from the channels seed) plus the unknown member. -#}
with

channels as (
    select * from {{ ref('channels') }}
),

known_channels as (
    select
        {{ surrogate_key(['channel_code']) }} as channel_key,
        channel_code,
        channel_name,
        channel_group,
        is_self_service,
        sort_order
    from channels
),

unknown_member as (
    select
        {{ unknown_key() }} as channel_key,
        'unknown' as channel_code,
        'Unknown' as channel_name,
        'unknown' as channel_group,
        0 as is_self_service,
        99 as sort_order
),

unioned as (
    select * from known_channels
    union all
    select * from unknown_member
)

select
    cast(channel_key as varchar(32)) as channel_key,
    cast(channel_code as varchar(16)) as channel_code,
    cast(channel_name as varchar(50)) as channel_name,
    cast(channel_group as varchar(16)) as channel_group,
    cast(sort_order as int) as sort_order,
    cast(is_self_service as int) as is_self_service
from unioned
