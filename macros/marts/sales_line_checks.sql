{#-
    sales_line_impossible_reason(quantity, unit_price, discount_rate, line_amount): why an ERP order
    line's values are impossible, or NULL when they are possible. The landing contract's order line
    has a positive integer quantity, a unit price >= 0, a discount rate between 0 and 1 and a line
    amount >= 0; the ERP never means a credit by a negative order line (a credit is a credit memo,
    fct_credit_memos). The first failing rule names the reason:
    non_positive_quantity, negative_unit_price, discount_out_of_range, negative_line_amount.
    Such a line is quarantined (quarantine_sales_order_lines) and left out of fct_sales_order_lines,
    so it never adds to revenue (customer_360, the semantic layer).
-#}
{% macro sales_line_impossible_reason(quantity, unit_price, discount_rate, line_amount) -%}
    case
        when {{ quantity }} <= 0 then 'non_positive_quantity'
        when {{ unit_price }} < 0 then 'negative_unit_price'
        when {{ discount_rate }} < 0 or {{ discount_rate }} > 1 then 'discount_out_of_range'
        when {{ line_amount }} < 0 then 'negative_line_amount'
    end
{%- endmacro %}
