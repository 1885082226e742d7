{#-
    dim_product: SCD2, one row per product version, built from every version of the ERP product
    master that landed in the lake (stg_lake_erp__product_versions: the extracts are a change log),
    so the versions and their keys depend only on what has landed, never on when or how often dbt
    ran. Validity windows and keys as in dim_customer: valid from the version's `updated_at` until
    the next version's, the first version extended back to 1900-01-01 (facts older than the lake's
    initial state get the oldest known version), key md5(product_id, updated_at). With its leaf
    category and the category's parent (type 1: the current category names).
-#}

with

product_change_log as (
    select * from {{ ref('stg_lake_erp__product_versions') }}
),

categories as (
    select * from {{ ref('stg_lake_erp__product_categories') }}
),

category_tree as (
    select
        leaf.category_id,
        leaf.category_name,
        leaf.parent_category_id,
        parent.category_name as parent_category_name
    from categories as leaf
    left join categories as parent
        on leaf.parent_category_id = parent.category_id
),

versions as (
    select
        product_id,
        sku,
        product_name,
        category_id,
        unit_cost_amount,
        list_price_amount,
        unit_of_measure,
        is_active,
        launched_date,
        updated_at as version_started_at,
        lead(updated_at) over (partition by product_id order by updated_at) as next_version_started_at,
        row_number() over (partition by product_id order by updated_at) as version_number
    from product_change_log
),

product_versions as (
    select
        {{ surrogate_key(['versions.product_id', 'versions.version_started_at']) }} as product_key,
        versions.product_id,
        versions.version_number,
        versions.sku,
        versions.product_name,
        versions.category_id,
        coalesce(category_tree.category_name, 'Unknown') as category_name,
        category_tree.parent_category_id,
        -- a top-level category is its own top category
        coalesce(category_tree.parent_category_name, category_tree.category_name, 'Unknown')
            as top_category_name,
        versions.unit_cost_amount,
        versions.list_price_amount,
        versions.unit_of_measure,
        versions.is_active,
        versions.launched_date,
        case
            when versions.version_number = 1 then cast('1900-01-01' as {{ dbt.type_timestamp() }})
            else versions.version_started_at
        end as valid_from_at,
        coalesce(versions.next_version_started_at, cast('9999-12-31' as {{ dbt.type_timestamp() }})) as valid_to_at,
        {{ to_flag('versions.next_version_started_at is null') }} as is_current
    from versions
    left join category_tree
        on versions.category_id = category_tree.category_id
),

unknown_member as (
    select
        {{ unknown_key() }} as product_key,
        cast(-1 as {{ dbt.type_bigint() }}) as product_id,
        1 as version_number,
        'UNKNOWN' as sku,
        'Unknown product' as product_name,
        cast(null as {{ dbt.type_bigint() }}) as category_id,
        'Unknown' as category_name,
        cast(null as {{ dbt.type_bigint() }}) as parent_category_id,
        'Unknown' as top_category_name,
        {{ money('null') }} as unit_cost_amount,
        {{ money('null') }} as list_price_amount,
        cast(null as {{ dbt.type_string() }}) as unit_of_measure,
        0 as is_active,
        cast(null as date) as launched_date,
        cast('1900-01-01' as {{ dbt.type_timestamp() }}) as valid_from_at,
        cast('9999-12-31' as {{ dbt.type_timestamp() }}) as valid_to_at,
        1 as is_current
),

unioned as (
    select * from product_versions
    union all
    select * from unknown_member
)

select
    -- keys
    cast(product_key as varchar(32)) as product_key,
    cast(product_id as bigint) as product_id,
    cast(version_number as int) as version_number,
    -- attributes (SCD2)
    cast(sku as varchar(32)) as sku,
    cast(product_name as varchar(200)) as product_name,
    cast(category_id as bigint) as category_id,
    cast(category_name as varchar(100)) as category_name,
    cast(parent_category_id as bigint) as parent_category_id,
    cast(top_category_name as varchar(100)) as top_category_name,
    cast(unit_of_measure as varchar(10)) as unit_of_measure,
    cast(launched_date as date) as launched_date,
    -- amounts (EUR)
    {{ money('unit_cost_amount') }} as unit_cost_amount,
    {{ money('list_price_amount') }} as list_price_amount,
    -- flags
    cast(is_active as int) as is_active,
    cast(is_current as int) as is_current,
    -- validity
    cast(valid_from_at as {{ dbt.type_timestamp() }}) as valid_from_at,
    cast(valid_to_at as {{ dbt.type_timestamp() }}) as valid_to_at
from unioned
