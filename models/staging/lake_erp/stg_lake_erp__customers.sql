-- The current ERP customer: one row per customer_id, its latest version (the latest updated_at) in
-- stg_lake_erp__customer_versions, which types and deduplicates the change log once (its columns are
-- the ones defined there). Dirty rows are kept.

with

versions as (

    select * from {{ ref('stg_lake_erp__customer_versions') }}

),

latest_updates as (

    select
        customer_id,
        max(updated_at) as updated_at
    from versions
    group by customer_id

),

-- the join only picks each customer's latest version; every column is the version's own
latest_versions as (

    select versions.*
    from versions
    inner join latest_updates
        on
            versions.customer_id = latest_updates.customer_id
            and versions.updated_at = latest_updates.updated_at

)

select * from latest_versions
