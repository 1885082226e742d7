-- Lint exception ST05: a test is wrapped in a subquery, and T-SQL forbids nested WITH, so tests use
-- subqueries, not CTEs.
-- noqa: disable=ST05
-- Deleted Cosmos documents (is_deleted = 1 in staging) appear in no customer-service fact.
select
    'fct_support_tickets' as fact_name,
    facts.ticket_id as document_id
from {{ ref('fct_support_tickets') }} as facts
where facts.ticket_id in (
        select deleted.ticket_id from {{ ref('stg_cosmos__support_tickets') }} as deleted where deleted.is_deleted = 1
    )
union all
select
    'fct_ticket_messages' as fact_name,
    facts.ticket_id as document_id
from {{ ref('fct_ticket_messages') }} as facts
where facts.ticket_id in (
        select deleted.ticket_id from {{ ref('stg_cosmos__support_tickets') }} as deleted where deleted.is_deleted = 1
    )
union all
select
    'fct_ticket_status_events' as fact_name,
    facts.ticket_id as document_id
from {{ ref('fct_ticket_status_events') }} as facts
where facts.ticket_id in (
        select deleted.ticket_id from {{ ref('stg_cosmos__support_tickets') }} as deleted where deleted.is_deleted = 1
    )
union all
select
    'fct_survey_responses' as fact_name,
    facts.survey_response_id as document_id
from {{ ref('fct_survey_responses') }} as facts
where facts.survey_response_id in (
        select deleted.survey_response_id
        from {{ ref('stg_cosmos__survey_responses') }} as deleted
        where deleted.is_deleted = 1
    )
