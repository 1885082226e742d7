-- The current ERP product: one row per product_id, its latest version (the latest updated_at) in
-- stg_lake_erp__product_versions, which types and deduplicates the change log once (its columns are
-- the ones defined there). Dirty rows are kept.

with

versions as (

    select * from {{ ref('stg_lake_erp__product_versions') }}

),

latest_updates as (

    select
        product_id,
        max(updated_at) as updated_at
    from versions
    group by product_id

),

-- the join only picks each product's latest version; every column is the version's own
latest_versions as (

    select versions.*
    from versions
    inner join latest_updates
        on
            versions.product_id = latest_updates.product_id
            and versions.updated_at = latest_updates.updated_at

)

select * from latest_versions
