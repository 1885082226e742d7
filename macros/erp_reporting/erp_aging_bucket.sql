{#- The AR/AP aging bucket of an item from its days past due (as-of date minus due date):
    not yet due or due today -> current; then 1-30, 31-60, 61-90 and over 90 days past due. -#}
{% macro erp_aging_bucket(days_past_due_expr) -%}
    case
        when {{ days_past_due_expr }} <= 0 then 'current'
        when {{ days_past_due_expr }} <= 30 then '1-30'
        when {{ days_past_due_expr }} <= 60 then '31-60'
        when {{ days_past_due_expr }} <= 90 then '61-90'
        else 'over_90'
    end
{%- endmacro %}

{#- The amount of an item when it falls in the given bucket, else 0 (for one column per bucket). -#}
{% macro erp_bucket_amount(bucket_expr, bucket, amount_expr) -%}
    case when {{ bucket_expr }} = '{{ bucket }}' then {{ amount_expr }} else 0 end
{%- endmacro %}

{#- One summed column per aging bucket (current_amount, past_due_1_30_amount ... past_due_over_90_amount),
    for the AR and AP aging marts: they must bucket the same way, so they share this list. -#}
{% macro erp_aging_bucket_sums(bucket_expr, amount_expr) -%}
    {%- set buckets = [
        ('current', 'current_amount'),
        ('1-30', 'past_due_1_30_amount'),
        ('31-60', 'past_due_31_60_amount'),
        ('61-90', 'past_due_61_90_amount'),
        ('over_90', 'past_due_over_90_amount'),
    ] -%}
    {%- set columns = [] -%}
    {%- for bucket, column in buckets -%}
        {%- set amount = money_sum(erp_bucket_amount(bucket_expr, bucket, amount_expr)) -%}
        {%- do columns.append(amount ~ ' as ' ~ column) -%}
    {%- endfor -%}
    {#- one column per line, at the indent of a select list -#}
    {{ columns | join(',\n        ') }}
{%- endmacro %}
