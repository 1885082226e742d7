{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key=['source_model', 'key_column', 'source_row_id'],
        on_schema_change='append_new_columns',
        post_hook=["delete from {{ this }} where quarantine_reason is null"]
    )
}}
-- Orphan foreign keys of the lake ERP extracts (contract variant orphan): one row per staged row and
-- foreign key that points at no parent, with the row's identity and the reason (macro orphan_key_rows).
-- The rows stay in their staging models and map to the unknown member (-1) in the marts; the budget
-- tests orphan_keys_within_budget reconcile their counts with this model (every run, whole).
-- Incremental by arrival (macro orphan_key_rows): a run rechecks the rows landed since the latest
-- source_landed_at held, and the rows held whose key a parent landed since has; the post-hook deletes
-- the rows held that are orphans no more (listed with no reason). A table built before this column
-- existed gets it on the next run (append_new_columns: the watermark is then the floor, a full check).
{{ orphan_key_rows([
    {'model': ref('stg_lake_erp__customer_addresses'), 'id': 'address_id', 'key': 'customer_id',
     'parent': ref('stg_lake_erp__customers'), 'field': 'customer_id'},
    {'model': ref('stg_lake_erp__products'), 'id': 'product_id', 'key': 'category_id',
     'parent': ref('stg_lake_erp__product_categories'), 'field': 'category_id'},
    {'model': ref('stg_lake_erp__sales_orders'), 'id': 'sales_order_id', 'key': 'customer_id',
     'parent': ref('stg_lake_erp__customers'), 'field': 'customer_id'},
    {'model': ref('stg_lake_erp__sales_order_lines'), 'id': 'sales_order_line_id', 'key': 'sales_order_id',
     'parent': ref('stg_lake_erp__sales_orders'), 'field': 'sales_order_id'},
    {'model': ref('stg_lake_erp__sales_order_lines'), 'id': 'sales_order_line_id', 'key': 'product_id',
     'parent': ref('stg_lake_erp__products'), 'field': 'product_id'},
    {'model': ref('stg_lake_erp__shipments'), 'id': 'shipment_id', 'key': 'sales_order_id',
     'parent': ref('stg_lake_erp__sales_orders'), 'field': 'sales_order_id'},
    {'model': ref('stg_lake_erp__shipment_lines'), 'id': 'shipment_line_id', 'key': 'shipment_id',
     'parent': ref('stg_lake_erp__shipments'), 'field': 'shipment_id'},
    {'model': ref('stg_lake_erp__invoices'), 'id': 'invoice_id', 'key': 'sales_order_id',
     'parent': ref('stg_lake_erp__sales_orders'), 'field': 'sales_order_id'},
    {'model': ref('stg_lake_erp__invoices'), 'id': 'invoice_id', 'key': 'customer_id',
     'parent': ref('stg_lake_erp__customers'), 'field': 'customer_id'},
    {'model': ref('stg_lake_erp__invoice_lines'), 'id': 'invoice_line_id', 'key': 'invoice_id',
     'parent': ref('stg_lake_erp__invoices'), 'field': 'invoice_id'},
    {'model': ref('stg_lake_erp__payments'), 'id': 'payment_id', 'key': 'invoice_id',
     'parent': ref('stg_lake_erp__invoices'), 'field': 'invoice_id'},
    {'model': ref('stg_lake_erp__credit_memos'), 'id': 'credit_memo_id', 'key': 'invoice_id',
     'parent': ref('stg_lake_erp__invoices'), 'field': 'invoice_id'},
]) }}
