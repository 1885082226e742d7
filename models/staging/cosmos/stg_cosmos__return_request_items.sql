-- One row per item of the current version of a return request (JSON array `items` unnested).
{{ live_ids_circuit_breaker('return_requests', 'return_request_id') }}
with

-- the latest version of each document and its delete flag, computed once (base_cosmos__return_requests)
latest_versions as (
    select * from {{ ref('base_cosmos__return_requests') }}
),

return_requests as (
    select
        latest_versions.id as return_request_id,
        latest_versions.items,
        {{ epoch_to_timestamp('latest_versions._ts') }} as modified_at,
        latest_versions.is_deleted
    from latest_versions
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
