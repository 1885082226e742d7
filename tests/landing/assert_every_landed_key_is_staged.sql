-- Lint exception ST05: a test is wrapped in a subquery, and T-SQL forbids nested WITH, so tests use
-- subqueries, not CTEs.
-- noqa: disable=ST05
-- Reconciliation, nothing lost: every key that landed in a lake ERP extract or a Cosmos container is
-- in its staging model or in the quarantine of implausible timestamps (landed rows = staged +
-- quarantined + deduplicated: staging keeps the latest version of each key, flags deletes and invalid
-- JSON instead of dropping them). One row per lost key, naming the
-- source and the key. Error severity in every environment; failures are stored in the audit schema.
-- (The lake files with rejected rows, exchange rates and marketing spend, reconcile in
-- tooling/tests/test_staging_lake_files.py: a malformed date is itself part of their key.)
{{ config(severity='error', store_failures=true) }}

{%- set lake_erp = {
    'customers': 'customer_id', 'customer_addresses': 'address_id', 'product_categories': 'category_id',
    'products': 'product_id', 'warehouses': 'warehouse_id', 'employees': 'employee_id',
    'fiscal_periods': 'fiscal_period_id', 'sales_orders': 'sales_order_id',
    'sales_order_lines': 'sales_order_line_id', 'shipments': 'shipment_id',
    'shipment_lines': 'shipment_line_id', 'invoices': 'invoice_id', 'invoice_lines': 'invoice_line_id',
    'payments': 'payment_id', 'credit_memos': 'credit_memo_id',
} -%}
{%- set cosmos = {
    'support_tickets': 'ticket_id', 'app_users': 'app_user_id', 'app_sessions': 'app_session_id',
    'interaction_events': 'event_id', 'survey_responses': 'survey_response_id',
    'return_requests': 'return_request_id',
} -%}
{%- set checks = [] -%}
{%- for table, key in lake_erp.items() -%}
{%- do checks.append(('lake_erp', table, key, key, 'stg_lake_erp__' ~ table)) -%}
{%- endfor -%}
{%- for container, key in cosmos.items() -%}
{%- do checks.append(('cosmos', container, 'id', key, 'stg_cosmos__' ~ container)) -%}
{%- endfor %}

{% for source_name, table, landed_key, staged_key, model in checks -%}
{#- A daily run (var test_since) checks, for an incremental staging model, the keys that landed since
    the slice start (the files whose _landed_at is at or after it; test_slice_start anchors on the
    model's latest landed_at) against the whole model and quarantine: keys landed earlier were checked
    by the runs that loaded them, and an incremental run never drops a key it does not reload
    (delete+insert on the keys of the files it reads). A staging model rebuilt in full on every run
    could lose any key, so its check stays whole. -#}
{%- set since = test_slice_start(ref(model)) if test_slice_model_is_incremental(model) else none %}
select
    '{{ source_name }}.{{ table }}' as source_table,
    cast(landed.key_value as varchar(100)) as lost_key
from (
    select distinct {{ landed_key }} as key_value
    from {{ source(source_name, table) }}
    where {{ landed_key }} is not null
    {%- if since %}
        and _landed_at >= {{ since }}
    {%- endif %}
) as landed
where
    not exists (
        select 1
        from {{ ref(model) }} as staged
        where staged.{{ staged_key }} = landed.key_value
    )
    and not exists (
        select 1
        from {{ ref('stg_quarantine__implausible_timestamps_rejected') }} as quarantined
        where
            quarantined.source_table = '{{ table }}'
            and quarantined.record_id = cast(landed.key_value as {{ dbt.type_string() }})
    )
{% if not loop.last %}union all
{% endif -%}
{%- endfor %}
