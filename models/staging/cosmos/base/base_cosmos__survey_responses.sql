-- One row per survey response: its latest version and whether it was deleted in Cosmos DB, computed once for
-- stg_cosmos__survey_responses. A view, never a table: it carries the whole document, so a table would persist
-- the personal data of deleted documents; the staging models erase it.
{{ config(materialized='view') }}
{{ cosmos_latest_versions('survey_responses') }}
