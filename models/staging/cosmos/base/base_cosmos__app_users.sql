-- One row per app user: its latest version and whether it was deleted in Cosmos DB, computed once for
-- stg_cosmos__app_users. A view, never a table: it carries the whole document, so a table would persist
-- the personal data of deleted documents; the staging models erase it.
{{ config(materialized='view') }}
{{ cosmos_latest_versions('app_users') }}
