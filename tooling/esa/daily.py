"""The daily job: what a scheduled run after each landing passes to `dbt build`.

One definition, used by `esa daily` (`make daily`) and by the benchmark's "one more landed day"
(esa.bench.scale), so the figure measures the job that runs. docs/benchmarks.md, "The daily job",
says why each setting.
"""

from __future__ import annotations

# The row tests of the incremental models read only the day's slice (macros/tests/test_slice.sql).
DAILY_VARS = "{test_since: lookback}"

# Unit tests check the models' logic on fixed inputs, not the landed data: they run where the code
# changes (every developer's `dbt build`, `make test`, CI, `esa pr-check`), not again on every landing,
# as dbt's docs recommend for production runs. The log file keeps each node's status and timing
# (info) but not every query dbt sends (debug, dbt's default: about a tenth of its Python time per
# node); run_results.json still has every node's compiled SQL path and result.
DAILY_FLAGS = ("--exclude-resource-type", "unit_test", "--log-level-file", "info")

# The flags each dbt command accepts (dbt run has no --exclude-resource-type; parse neither).
_ACCEPTS_EXCLUDE = ("build", "test")


def daily_args(command: str, vars_: str = DAILY_VARS) -> list[str]:
    """The daily job's arguments for a dbt `command` (build, run, test or parse)."""
    args = ["--vars", vars_]
    if command == "parse":
        return args
    if command in _ACCEPTS_EXCLUDE:
        return [*args, *DAILY_FLAGS]
    return [*args, "--log-level-file", "info"]
