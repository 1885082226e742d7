-- One row per item of the current version of a return request (JSON array `items` unnested).
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

-- the left join only looks up the delete flag (see stg_cosmos__return_requests)
return_requests as (
    select
        latest_versions.id as return_request_id,
        latest_versions.items,
        {{ epoch_to_timestamp('latest_versions._ts') }} as modified_at,
        {{ to_flag('latest_live_ids.id is null') }} as is_deleted
    from latest_versions
    left join latest_live_ids
        on latest_versions.id = latest_live_ids.id
),

unnested as (
    {{ json_unnest(
        'return_requests',
        'items',
        parent_columns=['return_request_id', 'modified_at', 'is_deleted'],
        index_column='item_index',
        fields=[
            {'name': 'sales_order_line_id', 'path': '$.orderLineId'},
            {'name': 'product_id', 'path': '$.productId'},
            {'name': 'quantity', 'path': '$.quantity'},
        ]
    ) }}
),

typed as (
    select
        -- keys
        return_request_id,
        item_index,
        {{ try_cast_text('sales_order_line_id', 'bigint') }} as sales_order_line_id,
        {{ try_cast_text('product_id', 'bigint') }} as product_id,
        -- quantities
        {{ try_cast_text('quantity', 'integer') }} as quantity,
        -- timestamps (UTC)
        modified_at,
        -- flags
        is_deleted
    from unnested
)

select
    return_request_id,
    item_index,
    sales_order_line_id,
    product_id,
    quantity,
    modified_at,
    is_deleted
from typed
