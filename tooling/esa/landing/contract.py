"""The landing contract: every entity that lands, where, in what format, with which columns.

This module is the single source of truth for the interface between the production pipelines
(Synapse Pipelines, Synapse Link / serverless CETAS) and this dbt project. The generator writes
exactly this; docs/landing_contract.md is rendered from it (`esa contract-doc`) and a test keeps
the two in step; the dbt sources describe the same entities.

Three landing areas, under one landing root (ESA_LANDING_DIR, default build/landing):

* ``erp``    - the ERP's relational database (Azure SQL Hyperscale). Locally a DuckDB catalog at
               ``erp/erp.duckdb``, schema ``erp``: the current state of each table.
* ``lake``   - ADLS Gen2 as Synapse Pipelines land it: ERP extracts as parquet, CSV files and
               JSON-lines files, each partitioned by ``ingest_date=YYYY-MM-DD``.
* ``cosmos`` - the Cosmos DB analytical store of the customer-service apps, landed as parquet by
               a serverless CETAS, well-defined schema: ``changes/ts_date=YYYY-MM-DD`` holds the
               documents whose ``_ts`` fell on that day; ``live_ids/export_date=YYYY-MM-DD`` lists
               the ids alive at an export, which is how deletes are seen.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

Area = Literal["erp", "lake", "cosmos"]
Format = Literal["duckdb_table", "parquet", "csv", "jsonl"]


@dataclass(frozen=True)
class Column:
    """One landed column. ``type`` is the logical type (DuckDB spelling)."""

    name: str
    type: str
    description: str
    nullable: bool = True


@dataclass(frozen=True)
class Entity:
    """One landed entity (a table, a file set or a Cosmos container)."""

    area: Area
    name: str
    format: Format
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    update_semantics: str
    loaded_at_field: str
    dirty_variants: tuple[str, ...] = ()
    foreign_keys: dict[str, str] = field(default_factory=dict)

    @property
    def path_pattern(self) -> str:
        """Where the entity lands, relative to the landing root."""
        if self.area == "erp":
            return f"erp/erp.duckdb :: erp.{self.name}"
        if self.area == "cosmos":
            return f"cosmos/{self.name}/changes/ts_date=YYYY-MM-DD/part-00000.parquet"
        ext = {"parquet": "parquet", "csv": "csv", "jsonl": "jsonl"}[self.format]
        return f"lake/{self.lake_folder}/{self.name}/ingest_date=YYYY-MM-DD/part-00000.{ext}"

    @property
    def lake_folder(self) -> str:
        """The lake's top folder for a lake entity: the system it comes from."""
        return LAKE_FOLDERS.get(self.name, "erp")

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(f"{self.name} has no column {name}")


def c(name: str, type_: str, description: str, nullable: bool = True) -> Column:
    return Column(name, type_, description, nullable)


def k(name: str, description: str, type_: str = "bigint") -> Column:
    """A key column: never null in clean data."""
    return Column(name, type_, description, nullable=False)


MONEY = "decimal(18,2)"
RATE = "decimal(18,6)"
TS = "timestamp"

# ---------------------------------------------------------------------------------------------
# The ERP (Hyperscale). Column names are already snake_case in the ERP; every timestamp is UTC.
# ---------------------------------------------------------------------------------------------
ERP_UPDATED = c("updated_at", TS, "When the row last changed in the ERP (UTC).", nullable=False)
ERP_CREATED = c("created_at", TS, "When the row was created in the ERP (UTC).", nullable=False)

ERP_TABLES: tuple[Entity, ...] = (
    Entity(
        "erp", "customers", "duckdb_table", "Customer master: one row per customer account.",
        (
            k("customer_id", "ERP customer id."),
            c("customer_number", "varchar", "Business key shown to users, C + 7 digits.", False),
            c("customer_name", "varchar", "Legal or personal name (PII)."),
            c("email", "varchar", "Billing e-mail address (PII)."),
            c("phone", "varchar", "Phone number (PII)."),
            c("segment", "varchar", "enterprise | smb | consumer.", False),
            c("country_code", "varchar", "ISO 3166-1 alpha-2 country of the account.", False),
            c("currency_code", "varchar", "ISO 4217 currency the customer is invoiced in.", False),
            c("credit_limit_amount", MONEY, "Credit limit in the customer's currency."),
            c("payment_terms_days", "integer", "Days from invoice date to due date.", False),
            c("is_active", "boolean", "Whether the account may place orders.", False),
            ERP_CREATED,
            ERP_UPDATED,
        ),
        ("customer_id",), "Upserted in place; segment, credit limit and contact details change over time.",
        "updated_at",
    ),
    Entity(
        "erp", "customer_addresses", "duckdb_table", "Billing and shipping addresses of customers.",
        (
            k("address_id", "ERP address id."),
            k("customer_id", "Owning customer."),
            c("address_type", "varchar", "billing | shipping.", False),
            c("address_line", "varchar", "Street and number (PII)."),
            c("city", "varchar", "City.", False),
            c("region", "varchar", "State, province or region."),
            c("postal_code", "varchar", "Postal code (PII)."),
            c("country_code", "varchar", "ISO 3166-1 alpha-2.", False),
            c("is_primary", "boolean", "The customer's primary address of this type.", False),
            ERP_UPDATED,
        ),
        ("address_id",), "Upserted in place.", "updated_at",
        foreign_keys={"customer_id": "customers.customer_id"},
    ),
    Entity(
        "erp", "customer_contacts", "duckdb_table", "People to contact at a customer.",
        (
            k("contact_id", "ERP contact id."),
            k("customer_id", "Owning customer."),
            c("first_name", "varchar", "First name (PII)."),
            c("last_name", "varchar", "Last name (PII)."),
            c("email", "varchar", "E-mail (PII)."),
            c("phone", "varchar", "Phone (PII)."),
            c("contact_role", "varchar", "billing | purchasing | technical | owner.", False),
            ERP_UPDATED,
        ),
        ("contact_id",), "Upserted in place.", "updated_at",
        foreign_keys={"customer_id": "customers.customer_id"},
    ),
    Entity(
        "erp", "product_categories", "duckdb_table", "Two-level product category tree.",
        (
            k("category_id", "ERP category id."),
            c("category_name", "varchar", "Category name.", False),
            c("parent_category_id", "bigint", "Parent category; null for a top-level category."),
            ERP_UPDATED,
        ),
        ("category_id",), "Upserted in place; rarely changes.", "updated_at",
    ),
    Entity(
        "erp", "products", "duckdb_table", "Product master: one row per sellable product.",
        (
            k("product_id", "ERP product id."),
            c("sku", "varchar", "Stock keeping unit, the business key.", False),
            c("product_name", "varchar", "Product name.", False),
            k("category_id", "Leaf category."),
            c("unit_cost_amount", MONEY, "Standard unit cost in the reporting currency (EUR).", False),
            c("list_price_amount", MONEY, "List price in the reporting currency (EUR).", False),
            c("unit_of_measure", "varchar", "each | box | kg.", False),
            c("is_active", "boolean", "Whether the product can be sold.", False),
            c("launched_date", "date", "First day the product could be ordered.", False),
            ERP_UPDATED,
        ),
        ("product_id",), "Upserted in place; prices, category and status change over time.", "updated_at",
        foreign_keys={"category_id": "product_categories.category_id"},
    ),
    Entity(
        "erp", "price_lists", "duckdb_table", "Price of a product in a currency over a validity window.",
        (
            k("price_list_id", "ERP price-list row id."),
            k("product_id", "Priced product."),
            c("currency_code", "varchar", "ISO 4217.", False),
            c("unit_price_amount", MONEY, "Unit price in currency_code.", False),
            c("valid_from_date", "date", "First day the price applies.", False),
            c("valid_to_date", "date", "Last day the price applies; null while current."),
            ERP_UPDATED,
        ),
        ("price_list_id",), "Insert a new row per price change; the old row gets valid_to_date.", "updated_at",
        foreign_keys={"product_id": "products.product_id"},
    ),
    Entity(
        "erp", "warehouses", "duckdb_table", "Warehouses that hold stock and ship orders.",
        (
            k("warehouse_id", "ERP warehouse id."),
            c("warehouse_code", "varchar", "Short code, e.g. WH-AMS.", False),
            c("warehouse_name", "varchar", "Name.", False),
            c("city", "varchar", "City.", False),
            c("country_code", "varchar", "ISO 3166-1 alpha-2.", False),
            ERP_UPDATED,
        ),
        ("warehouse_id",), "Static reference data.", "updated_at",
    ),
    Entity(
        "erp", "employees", "duckdb_table", "Employees, including sales reps, buyers and support agents.",
        (
            k("employee_id", "ERP employee id."),
            c("employee_number", "varchar", "HR business key, E + 5 digits.", False),
            c("first_name", "varchar", "First name (PII)."),
            c("last_name", "varchar", "Last name (PII)."),
            c("email", "varchar", "Work e-mail (PII)."),
            c("job_title", "varchar", "Job title.", False),
            c("department", "varchar", "sales | support | procurement | finance | operations.", False),
            c("is_support_agent", "boolean", "Works support tickets.", False),
            c("support_team", "varchar", "Tier-1 | Tier-2 | Billing | Returns for agents; null otherwise."),
            c("manager_employee_id", "bigint", "Line manager."),
            c("hire_date", "date", "First working day.", False),
            c("termination_date", "date", "Last working day; null while employed."),
            ERP_UPDATED,
        ),
        ("employee_id",), "Upserted in place.", "updated_at",
    ),
    Entity(
        "erp", "cost_centres", "duckdb_table", "Cost centres that GL lines are booked to.",
        (
            k("cost_centre_id", "ERP cost centre id."),
            c("cost_centre_code", "varchar", "Code, e.g. CC-100.", False),
            c("cost_centre_name", "varchar", "Name.", False),
            c("department", "varchar", "Owning department.", False),
            c("manager_employee_id", "bigint", "Responsible manager."),
            ERP_UPDATED,
        ),
        ("cost_centre_id",), "Static reference data.", "updated_at",
    ),
    Entity(
        "erp", "fiscal_periods", "duckdb_table",
        "Fiscal calendar: the fiscal year starts on 1 July; period 1 is July. One row per period.",
        (
            k("fiscal_period_id", "yyyypp, e.g. 202601 = July 2025 (fiscal year 2026, period 1).", "integer"),
            c("fiscal_year", "integer", "Fiscal year, named by the calendar year it ends in.", False),
            c("fiscal_quarter", "integer", "1-4.", False),
            c("period_number", "integer", "1-12.", False),
            c("period_start_date", "date", "First day.", False),
            c("period_end_date", "date", "Last day.", False),
            c("is_closed", "boolean", "Closed for posting.", False),
            ERP_UPDATED,
        ),
        ("fiscal_period_id",), "Static; is_closed flips when a period closes.", "updated_at",
    ),
    Entity(
        "erp", "gl_accounts", "duckdb_table", "Chart of accounts, a hierarchy through parent_account_id.",
        (
            k("account_id", "ERP account id."),
            c("account_number", "varchar", "Account number, e.g. 4000.", False),
            c("account_name", "varchar", "Name.", False),
            c("account_type", "varchar", "asset | liability | equity | revenue | expense.", False),
            c("statement", "varchar", "balance_sheet | income_statement.", False),
            c("normal_balance", "varchar", "debit | credit.", False),
            c("parent_account_id", "bigint", "Parent (summary) account; null at the top."),
            c("is_postable", "boolean", "Leaf account that journal lines may post to.", False),
            ERP_UPDATED,
        ),
        ("account_id",), "Static reference data.", "updated_at",
    ),
    Entity(
        "erp", "sales_orders", "duckdb_table", "Sales order headers.",
        (
            k("sales_order_id", "ERP order id."),
            c("order_number", "varchar", "SO + 8 digits.", False),
            k("customer_id", "Ordering customer."),
            c("ship_to_address_id", "bigint", "Shipping address."),
            c("order_channel", "varchar", "web | mobile | phone | email.", False),
            c("sales_rep_employee_id", "bigint", "Sales rep for phone and email orders."),
            c("currency_code", "varchar", "ISO 4217 currency of the order.", False),
            c("order_date", "date", "Date the order was placed.", False),
            c("requested_delivery_date", "date", "Date the customer asked for.", False),
            c("order_status", "varchar", "open | shipped | invoiced | closed | cancelled.", False),
            ERP_CREATED,
            ERP_UPDATED,
        ),
        ("sales_order_id",), "Upserted in place as the order moves through its statuses.", "updated_at",
        foreign_keys={"customer_id": "customers.customer_id"},
    ),
    Entity(
        "erp", "sales_order_lines", "duckdb_table", "Sales order lines.",
        (
            k("sales_order_line_id", "ERP order line id."),
            k("sales_order_id", "Order."),
            c("line_number", "integer", "1-based line number within the order.", False),
            k("product_id", "Ordered product."),
            k("warehouse_id", "Warehouse that ships the line."),
            c("quantity", "integer", "Ordered quantity.", False),
            c("unit_price_amount", MONEY, "Unit price in the order currency.", False),
            c("discount_rate", "decimal(5,4)", "Discount, 0-1.", False),
            c("line_amount", MONEY, "quantity * unit_price * (1 - discount), rounded to cents.", False),
            ERP_UPDATED,
        ),
        ("sales_order_line_id",), "Inserted with the order; rarely changed.", "updated_at",
        foreign_keys={"sales_order_id": "sales_orders.sales_order_id", "product_id": "products.product_id"},
    ),
    Entity(
        "erp", "shipments", "duckdb_table", "Shipments of sales orders (an order may ship in parts).",
        (
            k("shipment_id", "ERP shipment id."),
            k("sales_order_id", "Shipped order."),
            k("warehouse_id", "Shipping warehouse."),
            c("carrier", "varchar", "DHL | UPS | PostNL | DPD.", False),
            c("shipped_at", TS, "When it left the warehouse.", False),
            c("delivered_at", TS, "When it was delivered; null while in transit."),
            c("shipment_status", "varchar", "in_transit | delivered.", False),
            ERP_UPDATED,
        ),
        ("shipment_id",), "Inserted at shipping; updated at delivery.", "updated_at",
        foreign_keys={"sales_order_id": "sales_orders.sales_order_id"},
    ),
    Entity(
        "erp", "shipment_lines", "duckdb_table", "What a shipment carried, per order line.",
        (
            k("shipment_line_id", "ERP shipment line id."),
            k("shipment_id", "Shipment."),
            k("sales_order_line_id", "Order line shipped."),
            c("shipped_quantity", "integer", "Quantity shipped.", False),
            ERP_UPDATED,
        ),
        ("shipment_line_id",), "Inserted at shipping.", "updated_at",
        foreign_keys={"shipment_id": "shipments.shipment_id"},
    ),
    Entity(
        "erp", "invoices", "duckdb_table", "Customer invoices (accounts receivable).",
        (
            k("invoice_id", "ERP invoice id."),
            c("invoice_number", "varchar", "INV + 8 digits.", False),
            k("sales_order_id", "Invoiced order."),
            k("customer_id", "Invoiced customer."),
            c("currency_code", "varchar", "ISO 4217.", False),
            c("invoice_date", "date", "Invoice date.", False),
            c("due_date", "date", "invoice_date + the customer's payment terms.", False),
            c("subtotal_amount", MONEY, "Sum of line amounts.", False),
            c("tax_amount", MONEY, "Sum of line tax.", False),
            c("total_amount", MONEY, "subtotal_amount + tax_amount.", False),
            c("invoice_status", "varchar", "open | partially_paid | paid.", False),
            ERP_UPDATED,
        ),
        ("invoice_id",), "Inserted when invoiced; status updated by payments.", "updated_at",
        foreign_keys={"sales_order_id": "sales_orders.sales_order_id", "customer_id": "customers.customer_id"},
    ),
    Entity(
        "erp", "invoice_lines", "duckdb_table", "Invoice lines, one per invoiced order line.",
        (
            k("invoice_line_id", "ERP invoice line id."),
            k("invoice_id", "Invoice."),
            k("sales_order_line_id", "Invoiced order line."),
            k("product_id", "Product."),
            c("quantity", "integer", "Invoiced quantity.", False),
            c("unit_price_amount", MONEY, "Unit price in the invoice currency.", False),
            c("line_amount", MONEY, "Net amount.", False),
            c("tax_rate", "decimal(5,4)", "VAT rate.", False),
            c("tax_amount", MONEY, "line_amount * tax_rate, rounded to cents.", False),
            ERP_UPDATED,
        ),
        ("invoice_line_id",), "Inserted with the invoice.", "updated_at",
        foreign_keys={"invoice_id": "invoices.invoice_id"},
    ),
    Entity(
        "erp", "payments", "duckdb_table", "Customer payments applied to invoices.",
        (
            k("payment_id", "ERP payment id."),
            k("invoice_id", "Invoice paid."),
            k("customer_id", "Paying customer."),
            c("payment_date", "date", "Value date.", False),
            c("payment_amount", MONEY, "Amount in the invoice currency.", False),
            c("payment_method", "varchar", "card | bank_transfer | direct_debit | paypal.", False),
            ERP_UPDATED,
        ),
        ("payment_id",), "Insert-only.", "updated_at",
        foreign_keys={"invoice_id": "invoices.invoice_id"},
    ),
    Entity(
        "erp", "credit_memos", "duckdb_table", "Credit memos issued against invoices (mostly for returns).",
        (
            k("credit_memo_id", "ERP credit memo id."),
            c("credit_memo_number", "varchar", "CM + 8 digits.", False),
            k("invoice_id", "Credited invoice."),
            k("customer_id", "Customer."),
            c("rma_number", "varchar", "Return authorisation from the returns app; null if not a return."),
            c("credit_date", "date", "Date issued.", False),
            c("credit_amount", MONEY, "Gross amount credited (incl. tax), invoice currency, positive.", False),
            c("reason_code", "varchar", "return | price_adjustment | damaged | goodwill.", False),
            ERP_UPDATED,
        ),
        ("credit_memo_id",), "Insert-only.", "updated_at",
        foreign_keys={"invoice_id": "invoices.invoice_id"},
    ),
    Entity(
        "erp", "suppliers", "duckdb_table", "Supplier master.",
        (
            k("supplier_id", "ERP supplier id."),
            c("supplier_name", "varchar", "Name.", False),
            c("country_code", "varchar", "ISO 3166-1 alpha-2.", False),
            c("currency_code", "varchar", "ISO 4217 currency the supplier invoices in.", False),
            c("payment_terms_days", "integer", "Days from supplier invoice to due date.", False),
            c("email", "varchar", "Accounts e-mail (PII)."),
            c("phone", "varchar", "Phone (PII)."),
            ERP_UPDATED,
        ),
        ("supplier_id",), "Upserted in place.", "updated_at",
    ),
    Entity(
        "erp", "purchase_orders", "duckdb_table", "Purchase order headers.",
        (
            k("purchase_order_id", "ERP PO id."),
            c("po_number", "varchar", "PO + 8 digits.", False),
            k("supplier_id", "Supplier."),
            k("warehouse_id", "Receiving warehouse."),
            c("buyer_employee_id", "bigint", "Buyer who raised it."),
            c("currency_code", "varchar", "ISO 4217.", False),
            c("order_date", "date", "Date the PO was sent.", False),
            c("expected_date", "date", "Promised delivery date.", False),
            c("po_status", "varchar", "open | partially_received | received | closed.", False),
            ERP_CREATED,
            ERP_UPDATED,
        ),
        ("purchase_order_id",), "Upserted in place as receipts and invoices arrive.", "updated_at",
        foreign_keys={"supplier_id": "suppliers.supplier_id"},
    ),
    Entity(
        "erp", "purchase_order_lines", "duckdb_table", "Purchase order lines.",
        (
            k("purchase_order_line_id", "ERP PO line id."),
            k("purchase_order_id", "PO."),
            c("line_number", "integer", "1-based.", False),
            k("product_id", "Product."),
            c("ordered_quantity", "integer", "Quantity ordered.", False),
            c("unit_cost_amount", MONEY, "Agreed unit cost, PO currency.", False),
            c("line_amount", MONEY, "ordered_quantity * unit_cost_amount.", False),
            ERP_UPDATED,
        ),
        ("purchase_order_line_id",), "Inserted with the PO.", "updated_at",
        foreign_keys={"purchase_order_id": "purchase_orders.purchase_order_id"},
    ),
    Entity(
        "erp", "goods_receipts", "duckdb_table", "Goods received against PO lines.",
        (
            k("goods_receipt_id", "ERP receipt id."),
            k("purchase_order_line_id", "PO line received."),
            k("warehouse_id", "Receiving warehouse."),
            c("received_date", "date", "Date received.", False),
            c("received_quantity", "integer", "Quantity received.", False),
            ERP_UPDATED,
        ),
        ("goods_receipt_id",), "Insert-only.", "updated_at",
        foreign_keys={"purchase_order_line_id": "purchase_order_lines.purchase_order_line_id"},
    ),
    Entity(
        "erp", "supplier_invoices", "duckdb_table", "Supplier invoices (accounts payable).",
        (
            k("supplier_invoice_id", "ERP supplier invoice id."),
            c("supplier_invoice_number", "varchar", "The supplier's own number.", False),
            k("supplier_id", "Supplier."),
            k("purchase_order_id", "PO invoiced."),
            c("currency_code", "varchar", "ISO 4217.", False),
            c("invoice_date", "date", "Invoice date.", False),
            c("due_date", "date", "Due date.", False),
            c("total_amount", MONEY, "Invoice total (no tax modelled on purchases).", False),
            c("invoice_status", "varchar", "open | paid.", False),
            ERP_UPDATED,
        ),
        ("supplier_invoice_id",), "Inserted when booked; status updated when paid.", "updated_at",
        foreign_keys={"purchase_order_id": "purchase_orders.purchase_order_id"},
    ),
    Entity(
        "erp", "supplier_invoice_lines", "duckdb_table", "Supplier invoice lines, one per PO line invoiced.",
        (
            k("supplier_invoice_line_id", "ERP line id."),
            k("supplier_invoice_id", "Supplier invoice."),
            k("purchase_order_line_id", "PO line invoiced."),
            c("invoiced_quantity", "integer", "Quantity invoiced.", False),
            c("unit_cost_amount", MONEY, "Invoiced unit cost.", False),
            c("line_amount", MONEY, "invoiced_quantity * unit_cost_amount.", False),
            ERP_UPDATED,
        ),
        ("supplier_invoice_line_id",), "Inserted with the supplier invoice.", "updated_at",
        foreign_keys={"supplier_invoice_id": "supplier_invoices.supplier_invoice_id"},
    ),
    Entity(
        "erp", "supplier_payments", "duckdb_table", "Payments to suppliers.",
        (
            k("supplier_payment_id", "ERP payment id."),
            k("supplier_invoice_id", "Invoice paid."),
            c("payment_date", "date", "Value date.", False),
            c("payment_amount", MONEY, "Amount, invoice currency.", False),
            ERP_UPDATED,
        ),
        ("supplier_payment_id",), "Insert-only.", "updated_at",
        foreign_keys={"supplier_invoice_id": "supplier_invoices.supplier_invoice_id"},
    ),
    Entity(
        "erp", "inventory_transactions", "duckdb_table",
        "Stock movements. On-hand = the sum of quantity per product and warehouse.",
        (
            k("inventory_transaction_id", "ERP movement id."),
            k("product_id", "Product."),
            k("warehouse_id", "Warehouse."),
            c("transaction_type", "varchar", "opening | receipt | shipment | customer_return | adjustment.", False),
            c("quantity", "integer", "Signed: positive into stock, negative out of stock.", False),
            c("unit_cost_amount", MONEY, "Standard unit cost at the time (EUR).", False),
            c("transaction_at", TS, "When the movement happened (UTC).", False),
            c("source_document_type", "varchar", "goods_receipt | shipment_line | credit_memo | manual."),
            c("source_document_id", "bigint", "Id of the source document."),
            ERP_UPDATED,
        ),
        ("inventory_transaction_id",), "Insert-only ledger.", "updated_at",
        foreign_keys={"product_id": "products.product_id", "warehouse_id": "warehouses.warehouse_id"},
    ),
    Entity(
        "erp", "gl_journal_entries", "duckdb_table", "General-ledger journal entry headers.",
        (
            k("journal_entry_id", "ERP journal entry id."),
            c("entry_number", "varchar", "JE + 9 digits.", False),
            k("fiscal_period_id", "Fiscal period posted to.", "integer"),
            c("posting_date", "date", "Accounting date.", False),
            c("source_module", "varchar", "AR | AP | INV | MANUAL.", False),
            c("source_document_id", "bigint", "Invoice, payment, credit memo ... id in the source module."),
            c("entry_description", "varchar", "What the entry is for."),
            c("posted_by_employee_id", "bigint", "Who posted it (system postings: the finance batch user).", False),
            c("posted_at", TS, "When it was posted (UTC).", False),
            ERP_UPDATED,
        ),
        ("journal_entry_id",), "Insert-only; corrections are new reversing entries.", "updated_at",
        foreign_keys={"fiscal_period_id": "fiscal_periods.fiscal_period_id"},
    ),
    Entity(
        "erp", "gl_journal_lines", "duckdb_table", "Journal lines: every entry's debits equal its credits.",
        (
            k("journal_line_id", "ERP line id."),
            k("journal_entry_id", "Entry."),
            c("line_number", "integer", "1-based.", False),
            k("account_id", "Postable GL account."),
            c("cost_centre_id", "bigint", "Cost centre, for income-statement accounts."),
            c("debit_amount", MONEY, "Debit in EUR (0 when a credit line).", False),
            c("credit_amount", MONEY, "Credit in EUR (0 when a debit line).", False),
            ERP_UPDATED,
        ),
        ("journal_line_id",), "Insert-only.", "updated_at",
        foreign_keys={
            "journal_entry_id": "gl_journal_entries.journal_entry_id",
            "account_id": "gl_accounts.account_id",
        },
    ),
)

# ERP tables that Synapse Pipelines also extract to the lake (the Synapse star's inputs).
LAKE_ERP_TABLES: tuple[str, ...] = (
    "customers", "customer_addresses", "product_categories", "products", "warehouses", "employees",
    "fiscal_periods", "sales_orders", "sales_order_lines", "shipments", "shipment_lines", "invoices",
    "invoice_lines", "payments", "credit_memos",
)

LAKE_EXTRACT_COLUMNS: tuple[Column, ...] = (
    c("_batch_id", "varchar", "Pipeline run that extracted the row: erp-YYYYMMDD-NN.", False),
    c("_extracted_at", TS, "When the pipeline read the row from the ERP (UTC).", False),
)
LAKE_ERP_DIRTY: tuple[str, ...] = (
    "duplicate: the same row version lands again in a later ingest_date partition",
    "late: a row version lands one to three partitions after the day of its updated_at",
    "null_key: a required key (a foreign key, never the primary key) is null",
    "orphan: a foreign key points at a parent that never existed",
)


def _lake_erp_entity(table: Entity) -> Entity:
    return Entity(
        "lake", table.name, "parquet",
        f"ERP extract of erp.{table.name}: each partition holds the row versions whose updated_at fell on "
        "or before that day and were not yet extracted (change data by updated_at).",
        table.columns + LAKE_EXTRACT_COLUMNS,
        table.primary_key,
        "Append-only change log: the current row is the latest updated_at (then _extracted_at) per key.",
        "_extracted_at",
        LAKE_ERP_DIRTY,
        dict(table.foreign_keys),
    )


LAKE_FOLDERS: dict[str, str] = {
    "exchange_rates": "finance",
    "marketing_spend": "marketing",
    "product_reviews": "catalog",
}

LAKE_FILES: tuple[Entity, ...] = (
    Entity(
        "lake", "exchange_rates", "csv",
        "Daily reference exchange rates from the treasury feed: units of to_currency per 1 from_currency.",
        (
            c("rate_date", "varchar", "YYYY-MM-DD as text; malformed values occur (dirty).", False),
            c("from_currency", "varchar", "ISO 4217, always EUR (the reporting currency).", False),
            c("to_currency", "varchar", "ISO 4217: USD, GBP, SEK, PLN, CHF.", False),
            c("rate", "varchar", "Units of to_currency per 1 EUR: decimal text with a dot and exactly 6 decimals "
              "(1.084512), the rate the ERP converts with; malformed values occur (dirty).", False),
            c("published_at", "varchar", "ISO 8601 UTC timestamp of publication, as text.", False),
        ),
        ("rate_date", "from_currency", "to_currency"),
        "One file per calendar day D with one row per currency and rate_date = D, weekends and holidays "
        "included (they repeat the last business day's rate under their own rate_date); a correction "
        "re-publishes a rate in a later file with a later published_at (the latest published_at wins).",
        "published_at",
        (
            "malformed_date: rate_date like 2026/13/45 or 31-02-2026",
            "malformed_number: rate like 1,0845 or n/a",
            "duplicate: the same rate again in a later file",
        ),
    ),
    Entity(
        "lake", "marketing_spend", "csv",
        "Daily paid-marketing spend per channel and campaign, exported from the ad platforms.",
        (
            c("spend_date", "varchar", "YYYY-MM-DD as text; malformed values occur (dirty).", False),
            c("channel", "varchar", "search | social | display | email | affiliate.", False),
            c("campaign_id", "varchar", "Ad-platform campaign id.", False),
            c("campaign_name", "varchar", "Campaign name.", False),
            c("spend_amount", "varchar", "Decimal as text, EUR; malformed values occur (dirty).", False),
            c("impressions", "varchar", "Integer as text.", False),
            c("clicks", "varchar", "Integer as text.", False),
            c("exported_at", "varchar", "ISO 8601 UTC timestamp of the export, as text.", False),
        ),
        ("spend_date", "campaign_id"),
        "One file per day; a later file may restate a day (latest exported_at wins).",
        "exported_at",
        (
            "malformed_date: spend_date like 2026/13/45",
            "malformed_number: spend_amount like 1.234,50 or n/a",
            "duplicate: the same row again in a later file",
        ),
    ),
    Entity(
        "lake", "product_reviews", "jsonl",
        "Product reviews from the catalogue feed, one JSON document per line.",
        (
            c("review_id", "varchar", "Feed id (UUID-like string).", False),
            c("product_sku", "varchar", "SKU of the reviewed product (joins products.sku).", False),
            c("customer_id", "bigint", "ERP customer id when the reviewer is a known customer."),
            c("rating", "bigint", "1-5 stars.", False),
            c("title", "varchar", "Review title."),
            c("body", "varchar", "Review text."),
            c("submitted_at", "varchar", "ISO 8601 UTC timestamp, as text.", False),
            c("reviewer", "struct", "Nested object: {display_name, verified_buyer (bool), country_code}."),
            c("tags", "array", "JSON array of strings, e.g. [\"quality\", \"delivery\"]."),
        ),
        ("review_id",),
        "Append; a review edited later lands again with the same review_id (latest submitted_at wins).",
        "submitted_at",
        ("duplicate: the same review in a later file", "null_key: customer_id missing for anonymous reviews"),
    ),
)

# ---------------------------------------------------------------------------------------------
# Cosmos DB analytical store (Synapse Link), well-defined schema, landed by a serverless CETAS.
# Properties are camelCase as the apps write them. System properties on every container.
# Nested objects and arrays land as JSON text; ISO datetimes land as varchar(30); integers as
# bigint, decimals as double. A value whose type differs from the first one seen lands as NULL.
# ---------------------------------------------------------------------------------------------
COSMOS_SYSTEM: tuple[Column, ...] = (
    c("id", "varchar", "Document id (unique in the container).", False),
    c("_rid", "varchar", "Cosmos resource id.", False),
    c("_ts", "bigint", "Last modification, epoch seconds (UTC).", False),
    c("_etag", "varchar", "Version tag of the document.", False),
)
COSMOS_DIRTY_COMMON: tuple[str, ...] = (
    "type_drift: a property written with another type than the first one seen lands as NULL",
    "deleted: a deleted document stops appearing in live_ids; it never gets a tombstone",
    "duplicate: the same document version lands again in the next changes partition",
)
COSMOS_SEMANTICS = (
    "changes/ts_date=D holds the latest version (at export) of every document whose _ts fell on day D; "
    "the first partition also holds the initial load (the current version of every document last changed "
    "before the first day, its _ts unchanged); "
    "a document changed on several days appears in several partitions, the latest _ts wins. "
    "live_ids/export_date=D lists (id, _ts) of every live document at the export of day D: a document "
    "in changes but not in the latest live_ids was deleted."
)

COSMOS_CONTAINERS: tuple[Entity, ...] = (
    Entity(
        "cosmos", "support_tickets", "parquet",
        "Support tickets raised in the web and mobile apps or by phone, e-mail and chat.",
        (*COSMOS_SYSTEM,
            c("ticketNumber", "varchar", "TCK + 8 digits.", False),
            c("customerId", "bigint", "ERP customer id.", False),
            c("appUserId", "varchar", "App user who raised it (app_users.id); null for phone and e-mail."),
            c("orderId", "bigint", "ERP sales order the ticket is about, if any."),
            c("channel", "varchar", "web | mobile | phone | email | chat.", False),
            c("category", "varchar", "billing | delivery | returns | product | account | technical.", False),
            c("priority", "varchar", "low | medium | high | urgent (type drift: sometimes an integer).", False),
            c("status", "varchar", "new | open | pending | resolved | closed.", False),
            c("subject", "varchar", "Subject line."),
            c("assignedAgentId", "bigint", "ERP employee id of the agent; null while new."),
            c("createdAt", "varchar", "ISO 8601 UTC, varchar(30).", False),
            c("firstResponseAt", "varchar", "First agent reply, ISO 8601 UTC."),
            c("resolvedAt", "varchar", "Resolution, ISO 8601 UTC."),
            c("closedAt", "varchar", "Closure, ISO 8601 UTC."),
            c("messages", "json", "JSON array of {messageId, sentAt, authorType (customer|agent|bot), "
              "authorId, channel, bodyLength}."),
            c("statusHistory", "json", "JSON array of {status, changedAt, changedBy}."),
            c("tags", "json", "JSON array of strings."),
            c("customer", "json", "JSON object {name, email, segment}: a denormalised copy (PII)."),
        ),
        ("id",), COSMOS_SEMANTICS, "_ts", COSMOS_DIRTY_COMMON,
        foreign_keys={"customerId": "erp.customers.customer_id", "orderId": "erp.sales_orders.sales_order_id"},
    ),
    Entity(
        "cosmos", "app_users", "parquet", "Registered users of the web and mobile apps.",
        (*COSMOS_SYSTEM,
            c("customerId", "bigint", "ERP customer id the user belongs to.", False),
            c("email", "varchar", "Login e-mail (PII).", False),
            c("displayName", "varchar", "Display name (PII)."),
            c("platform", "varchar", "ios | android | web: where the user signed up.", False),
            c("countryCode", "varchar", "ISO 3166-1 alpha-2."),
            c("marketingOptIn", "boolean", "Consent to marketing (GDPR)."),
            c("signupAt", "varchar", "ISO 8601 UTC.", False),
            c("lastLoginAt", "varchar", "ISO 8601 UTC."),
            c("preferences", "json", "JSON object {language, notifications: {email, push}}."),
            c("devices", "json", "JSON array of {deviceId, os, appVersion}."),
        ),
        ("id",), COSMOS_SEMANTICS, "_ts", COSMOS_DIRTY_COMMON,
        foreign_keys={"customerId": "erp.customers.customer_id"},
    ),
    Entity(
        "cosmos", "app_sessions", "parquet", "App sessions as the apps report them (start, end, device).",
        (*COSMOS_SYSTEM,
            c("userId", "varchar", "app_users.id.", False),
            c("platform", "varchar", "ios | android | web.", False),
            c("appVersion", "varchar", "App version, e.g. 5.12.0."),
            c("deviceId", "varchar", "Device id."),
            c("startedAt", "varchar", "ISO 8601 UTC.", False),
            c("endedAt", "varchar", "ISO 8601 UTC; null if the app was killed."),
            c("eventCount", "bigint", "Events the client counted in the session."),
        ),
        ("id",), COSMOS_SEMANTICS + " Sessions are never deleted (no live_ids).", "_ts",
        ("type_drift: eventCount sometimes written as a string lands as NULL",
         "duplicate: the same document version lands again in the next changes partition"),
    ),
    Entity(
        "cosmos", "interaction_events", "parquet", "Interaction events of the apps: the high-volume container.",
        (*COSMOS_SYSTEM,
            c("userId", "varchar", "app_users.id.", False),
            c("sessionId", "varchar", "app_sessions.id; null when the client lost it (sessionise by gap)."),
            c("eventType", "varchar", "app_open | screen_view | search | add_to_cart | checkout | "
              "order_placed | ticket_opened | survey_submitted | return_requested.", False),
            c("eventAt", "varchar", "ISO 8601 UTC.", False),
            c("platform", "varchar", "ios | android | web.", False),
            c("screen", "varchar", "Screen or page name."),
            c("properties", "json", "JSON object of event properties, e.g. {productId, query, orderId}."),
        ),
        ("id",), COSMOS_SEMANTICS + " Events are immutable and never deleted (no live_ids).", "_ts",
        ("duplicate: the same event lands again in the next changes partition",
         "late: an event whose _ts is hours after eventAt (offline clients)"),
    ),
    Entity(
        "cosmos", "survey_responses", "parquet", "CSAT surveys after a ticket and NPS surveys of customers.",
        (*COSMOS_SYSTEM,
            c("surveyType", "varchar", "csat | nps.", False),
            c("ticketId", "varchar", "support_tickets.id for CSAT; null for NPS."),
            c("customerId", "bigint", "ERP customer id.", False),
            c("userId", "varchar", "app_users.id if answered in the app."),
            c("channel", "varchar", "web | mobile | email.", False),
            c("score", "bigint", "CSAT 1-5 or NPS 0-10 (type drift: sometimes a string).", False),
            c("comment", "varchar", "Free text."),
            c("submittedAt", "varchar", "ISO 8601 UTC.", False),
            c("answers", "json", "JSON array of {questionId, answer}."),
        ),
        ("id",), COSMOS_SEMANTICS, "_ts", COSMOS_DIRTY_COMMON,
        foreign_keys={"customerId": "erp.customers.customer_id"},
    ),
    Entity(
        "cosmos", "return_requests", "parquet", "Return requests (RMAs) raised in the apps.",
        (*COSMOS_SYSTEM,
            c("rmaNumber", "varchar", "RMA + 8 digits; credit_memos.rma_number refers to it.", False),
            c("customerId", "bigint", "ERP customer id.", False),
            c("orderId", "bigint", "ERP sales order id.", False),
            c("status", "varchar", "requested | approved | rejected | received | refunded.", False),
            c("reason", "varchar", "damaged | wrong_item | not_as_described | no_longer_needed | late_delivery.",
              False),
            c("requestedAt", "varchar", "ISO 8601 UTC.", False),
            c("resolvedAt", "varchar", "Refund or rejection, ISO 8601 UTC."),
            c("refundAmount", "double", "Refund in the order currency (double: Cosmos decimals)."),
            c("items", "json", "JSON array of {orderLineId, productId, quantity}."),
        ),
        ("id",), COSMOS_SEMANTICS, "_ts", COSMOS_DIRTY_COMMON,
        foreign_keys={"customerId": "erp.customers.customer_id", "orderId": "erp.sales_orders.sales_order_id"},
    ),
)



@dataclass(frozen=True)
class JsonField:
    """One property of the objects of a nested JSON array. ``type`` is the JSON type."""

    name: str
    type: str
    description: str


# The element objects of the nested JSON arrays that models unnest: container -> column -> fields, in
# the order the producer writes them. Every element carries every field; a reader must still treat a
# missing field or one of another JSON type as NULL.
NESTED_JSON: dict[str, dict[str, tuple[JsonField, ...]]] = {
    "support_tickets": {
        "messages": (
            JsonField("messageId", "string", "`<ticket key>-<n>`, unique within the ticket and never reused."),
            JsonField("sentAt", "string", "When the message was sent, ISO 8601 UTC (`2026-01-31T12:34:56Z`)."),
            JsonField("authorType", "string", "customer | agent | bot."),
            JsonField("authorId", "string", "Always a JSON string. agent: the ERP employee id in decimal digits "
                      "(`\"1042\"`, joins employees.employee_id); customer: the app user id (`app_users.id`, a "
                      "uuid) when the customer wrote in an app (web, mobile, chat with a signed-up user), "
                      "otherwise the ERP customer id in digits (`\"311\"`); bot: the bot's name "
                      "(`\"chat-bot\"`). Only an agent's authorId is a number; a reader converts it with a "
                      "try-cast and maps an agent id that is not a whole number to the unknown agent."),
            JsonField("channel", "string", "web | mobile | phone | email | chat: the channel of the message."),
            JsonField("bodyLength", "integer", "Length of the body in characters (the body is not landed)."),
        ),
        "statusHistory": (
            JsonField("status", "string", "new | open | pending | resolved | closed: the status entered."),
            JsonField("changedAt", "string", "When the status was entered, ISO 8601 UTC."),
            JsonField("changedBy", "string", "`customer` (the customer opened the ticket) or "
                      "`agent:<ERP employee id>` (an agent changed it); text, never a bare number."),
        ),
    },
    "return_requests": {
        "items": (
            JsonField("orderLineId", "integer", "ERP sales_order_lines.sales_order_line_id of the returned line."),
            JsonField("productId", "integer", "ERP products.product_id of the returned product."),
            JsonField("quantity", "integer", "Units returned, at least 1 and at most the line's quantity."),
        ),
    },
    "survey_responses": {
        "answers": (
            JsonField("questionId", "string", "`q1` (the score question) or `q2` (\"Was your question "
                      "resolved?\" for CSAT, \"Would you buy again?\" for NPS)."),
            JsonField("answer", "integer (q1) or string (q2)",
                      "q1: a JSON integer, the same value as `score` (CSAT 1-5, NPS 0-10); q2: the JSON "
                      "string `yes` or `no`. The JSON type differs per question."),
        ),
    },
}

COSMOS_WITH_LIVE_IDS: tuple[str, ...] = ("support_tickets", "app_users", "survey_responses", "return_requests")

# ---------------------------------------------------------------------------------------------
# The arrival marker. Every lake and Cosmos file carries `_landed_at` as its last column: the start
# time of the pipeline run that wrote the file (UTC), the same value on every row of the file.
# Synapse Pipelines' copy activity adds it as an "additional column" (@pipeline().TriggerTime) and
# the Cosmos CETAS selects it as a literal, so the producer's data can never set it. Incremental
# models load by it (arrival), not by event time: a late partition carries a later `_landed_at`
# than its partition date, so it is picked up whatever the event dates inside.
# ---------------------------------------------------------------------------------------------
LANDED_AT = "_landed_at"
LANDED_AT_DESCRIPTION = (
    "Arrival marker: when the pipeline run that wrote this file started (UTC), the same on every row "
    "of the file; set by the landing pipeline, never by the data. Incremental models load by it."
)


def with_landed_at(ent: Entity) -> Entity:
    """The entity with the arrival marker as its last column (text in CSV and JSON lines)."""
    type_ = TS if ent.format == "parquet" else "varchar"
    note = "" if type_ == TS else " ISO 8601 UTC text (2026-01-31T07:00:00Z)."
    return replace(ent, columns=(*ent.columns, c(LANDED_AT, type_, LANDED_AT_DESCRIPTION + note, False)))


COSMOS_CONTAINERS = tuple(with_landed_at(ent) for ent in COSMOS_CONTAINERS)
LAKE_FILES = tuple(with_landed_at(ent) for ent in LAKE_FILES)

LAKE_ENTITIES: tuple[Entity, ...] = tuple(
    with_landed_at(_lake_erp_entity(t)) for t in ERP_TABLES if t.name in LAKE_ERP_TABLES
) + LAKE_FILES

ALL_ENTITIES: tuple[Entity, ...] = ERP_TABLES + LAKE_ENTITIES + COSMOS_CONTAINERS


def entity(area: Area, name: str) -> Entity:
    for ent in ALL_ENTITIES:
        if ent.area == area and ent.name == name:
            return ent
    raise KeyError(f"no {area} entity {name}")
