-- Lint exception ST05: a test is wrapped in a subquery, and T-SQL forbids nested WITH, so tests use
-- subqueries, not CTEs.
-- noqa: disable=ST05
-- Quarantined nested JSON stays within its budget: per container, the documents in
-- stg_cosmos__invalid_json_quarantine may not exceed var invalid_json_budget_share of the container's
-- current documents (0 by default: the contract allows none). One row per container over budget,
-- with the counts. Error severity in every environment; failures are stored in the audit schema.
{{ config(severity='error', store_failures=true) }}

select
    quarantined.container_name,
    quarantined.quarantined_documents,
    documents.current_documents,
    {{ var('invalid_json_budget_share') }} as budget_share
from (
    select
        container_name,
        count(distinct document_id) as quarantined_documents
    from {{ ref('stg_cosmos__invalid_json_quarantine') }}
    group by container_name
) as quarantined
inner join (
    select
        'support_tickets' as container_name,
        count(*) as current_documents
    from {{ ref('stg_cosmos__support_tickets') }}
    union all
    select
        'return_requests' as container_name,
        count(*) as current_documents
    from {{ ref('stg_cosmos__return_requests') }}
) as documents
    on quarantined.container_name = documents.container_name
where quarantined.quarantined_documents > {{ var('invalid_json_budget_share') }} * documents.current_documents
