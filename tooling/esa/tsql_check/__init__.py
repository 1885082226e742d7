"""Offline T-SQL validation of the dbt project (`esa tsql-check`, `make tsql-check`).

compile every model, snapshot and data test for synapse, hyperscale and fabric with no server
(both branches of every incremental model), then check the compiled SQL with a T-SQL grammar and
the dedicated pool's rules. See docs/pr_checks.md.
"""
