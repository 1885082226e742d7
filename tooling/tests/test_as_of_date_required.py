"""The as-of date on the T-SQL targets: the star (Synapse/Fabric) and the ERP marts (Hyperscale) are
built in different databases, so a run or build there requires var `as_of_date` (the same date for
both builds), with an error saying what to pass; compiling offline needs no var
(macros/cross_db/reporting_as_of_date.sql). Offline: `dbt run-operation` on the parsed projects.
"""

from __future__ import annotations

from conftest import OfflineProject

MESSAGE = "var as_of_date is required on {adapter} targets"


def test_build_without_as_of_date_fails_saying_what_to_pass(synapse_offline: OfflineProject) -> None:
    # the same condition (any adapter but DuckDB) covers hyperscale and fabric; synapse's parse is shared
    result = synapse_offline.dbt(["run-operation", "reporting_as_of_date_var", "--args", "{command: build}"])
    out = result.stdout + result.stderr
    assert result.returncode != 0
    assert MESSAGE.format(adapter="synapse") in out, out[-2000:]
    assert "--vars '{as_of_date:" in out


def test_compile_without_as_of_date_passes(synapse_offline: OfflineProject) -> None:
    # make tsql-check, dbt parse and dbt docs compile the T-SQL models with no var (and no server)
    compiled = synapse_offline.dbt(["run-operation", "reporting_as_of_date_var", "--args", "{command: compile}"])
    assert compiled.returncode == 0, compiled.stdout[-2000:]
    assert MESSAGE.format(adapter="synapse") not in compiled.stdout
