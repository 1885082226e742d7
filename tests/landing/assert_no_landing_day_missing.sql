-- A day missing in the middle of a landed source's period is reported by name: one row per gap
-- (source, first and last missing day). Error severity in every environment, and the rows are stored
-- (store_failures) so the report can be read in the audit schema. See macros/staging/landing_completeness.sql.
{{ config(severity='error', store_failures=true, tags=['completeness']) }}

{{ landing_missing_days() }}
