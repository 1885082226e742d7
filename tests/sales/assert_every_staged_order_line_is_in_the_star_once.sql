{#-
    Completeness of the incremental order-line fact: every order line in staging (the lake
    extracts, deduplicated) is in fct_sales_order_lines exactly once, with the same net amount,
    or in quarantine_sales_order_lines (impossible values), never in both; the fact holds no line
    that staging does not. Returns the offending line ids.
    A daily run (var test_since, macros/tests/test_slice.sql) checks the lines that a run since the
    slice start can have rewritten (each line whole: its staged row, all its fact and quarantine rows,
    whatever their arrival): a row that landed since in staging, the fact or the quarantine; a line
    int_sales_order_lines_enriched restaged since (its order, customer, address, product, shipment or
    invoice landed: the fact and the quarantine rewrite it, and a lost line leaves no new row behind);
    and a line dated from the first date an EUR rate landed since converts anew (the fact rewrites it
    with its old arrival: rates_reconverted_from). The four models are incremental by arrival,
    delete+insert on the line id, so a line none of those reach was checked by the run that loaded it.
    Without test_since (make build, CI) every line is checked.
-#}
{#- the sliced branch's inputs, named at parse time (a leading SQL comment would nest the WITH on Synapse) -#}
{%- do ref('int_sales_order_lines_enriched') -%}
{%- do ref('int_exchange_rates_valid') -%}
{%- set since = test_slice_start(ref('stg_lake_erp__sales_order_lines'))
    if test_slice_model_is_incremental('stg_lake_erp__sales_order_lines')
    and test_slice_model_is_incremental('fct_sales_order_lines')
    and test_slice_model_is_incremental('quarantine_sales_order_lines')
    and test_slice_model_is_incremental('int_sales_order_lines_enriched') else none %}
with

{% if since -%}
slice_lines as (
    select arrived.sales_order_line_id
    from {{ ref('stg_lake_erp__sales_order_lines') }} as arrived
    where arrived.landed_at >= {{ since }}
    union
    select arrived.sales_order_line_id
    from {{ ref('fct_sales_order_lines') }} as arrived
    where arrived.source_landed_at >= {{ since }}
    union
    select arrived.sales_order_line_id
    from {{ ref('quarantine_sales_order_lines') }} as arrived
    where arrived.source_landed_at >= {{ since }}
    union
    select restaged.sales_order_line_id
    from {{ ref('int_sales_order_lines_enriched') }} as restaged
    where
        restaged.source_landed_at >= {{ since }}
        or restaged.order_date >= ({{ rates_reconverted_from(ref('int_exchange_rates_valid'), since) }})
),

{% endif -%}
staged_lines as (
    select * from {{ ref('stg_lake_erp__sales_order_lines') }}
    {%- if since %}
    where sales_order_line_id in (select slice_lines.sales_order_line_id from slice_lines)
    {%- endif %}
),

fact_lines as (
    select * from {{ ref('fct_sales_order_lines') }}
    {%- if since %}
    where sales_order_line_id in (select slice_lines.sales_order_line_id from slice_lines)
    {%- endif %}
),

quarantined_lines as (
    select * from {{ ref('quarantine_sales_order_lines') }}
    {%- if since %}
    where sales_order_line_id in (select slice_lines.sales_order_line_id from slice_lines)
    {%- endif %}
),

fact_counts as (
    select
        sales_order_line_id,
        count(*) as row_count,
        sum(net_amount) as net_amount
    from fact_lines
    group by sales_order_line_id
    union all
    select
        sales_order_line_id,
        count(*) as row_count,
        sum(line_amount) as net_amount
    from quarantined_lines
    group by sales_order_line_id
),

placed_counts as (
    select
        sales_order_line_id,
        sum(row_count) as row_count,
        sum(net_amount) as net_amount
    from fact_counts
    group by sales_order_line_id
)

select
    coalesce(staged_lines.sales_order_line_id, placed_counts.sales_order_line_id) as sales_order_line_id,
    staged_lines.line_amount as staged_line_amount,
    placed_counts.net_amount as fact_net_amount,
    placed_counts.row_count as fact_row_count
from staged_lines
full outer join placed_counts
    on staged_lines.sales_order_line_id = placed_counts.sales_order_line_id
where
    staged_lines.sales_order_line_id is null
    or placed_counts.sales_order_line_id is null
    or placed_counts.row_count != 1
    or placed_counts.net_amount != staged_lines.line_amount
