-- One row per support ticket: its latest version and whether it was deleted in Cosmos DB, computed
-- once for the three staging models that read the container. A view, never a table: it carries the
-- whole document, so a table would persist the text of deleted tickets; the staging models erase it.
{{ config(materialized='view') }}
{{ cosmos_latest_versions('support_tickets', drop_implausible=true) }}
