"""Power BI export: dbt manifests and metrics to a PBIP/TMDL semantic model (esa powerbi export)."""
