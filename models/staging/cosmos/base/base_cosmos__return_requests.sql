-- One row per return request: its latest version and whether it was deleted in Cosmos DB, computed once
-- for the two staging models that read the container. A view, never a table: it carries the whole
-- document, so a table would persist the personal data of deleted documents; the staging models erase it.
{{ config(materialized='view') }}
{{ cosmos_latest_versions('return_requests') }}
