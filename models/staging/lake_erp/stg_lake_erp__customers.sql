-- The current ERP customer: one row per customer_id, its latest version (the latest updated_at) in
-- stg_lake_erp__customer_versions, which types and deduplicates the change log once (its columns are
-- the ones defined there). Dirty rows are kept.

with

versions as (

    select * from {{ ref('stg_lake_erp__customer_versions') }}

),

-- versions are unique on (customer_id, updated_at), so the first by updated_at desc is the latest
{{ dedupe('versions', ['customer_id'], ['updated_at desc'], name='latest_versions') }}

select
    {{ erp_column_list('customers', exclude=['email', 'phone']) }},
    ingest_date,
    batch_id,
    extracted_at,
    landed_at
from latest_versions
