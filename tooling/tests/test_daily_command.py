"""`esa daily` (`make daily`): the daily job's dbt arguments, shared with the benchmark's day (esa.daily)."""

from __future__ import annotations

import subprocess

import pytest

from esa import cli
from esa.daily import DAILY_VARS, daily_args


def _run_daily(monkeypatch: pytest.MonkeyPatch, argv: list[str]) -> list[str]:
    calls: list[list[str]] = []
    monkeypatch.setattr(subprocess, "call", lambda cmd: calls.append(cmd) or 0)
    assert cli.main(argv) == 0
    assert len(calls) == 1
    return calls[0]


def test_daily_builds_with_the_slice_and_without_unit_tests(monkeypatch: pytest.MonkeyPatch) -> None:
    cmd = _run_daily(monkeypatch, ["daily"])
    assert cmd[1:4] == ["build", "--target", "local"]
    assert cmd[cmd.index("--vars") + 1] == DAILY_VARS
    assert cmd[cmd.index("--exclude-resource-type") + 1] == "unit_test"
    assert cmd[cmd.index("--log-level-file") + 1] == "info"


def test_daily_hands_other_arguments_to_dbt(monkeypatch: pytest.MonkeyPatch) -> None:
    cmd = _run_daily(monkeypatch, ["daily", "--select", "marts", "--target-path", "build/t"])
    assert cmd[-4:] == ["--select", "marts", "--target-path", "build/t"]


def test_other_commands_still_refuse_unknown_arguments() -> None:
    with pytest.raises(SystemExit):
        cli.main(["bench", "report", "--no-such-flag"])


@pytest.mark.parametrize("command", ["run", "test", "build", "parse"])
def test_each_dbt_command_gets_only_the_flags_it_accepts(command: str) -> None:
    """dbt run and parse have no --exclude-resource-type; parse takes only the vars (the benchmark's day parse)."""
    from dbt.cli.main import cli as dbt_cli

    accepted = {opt for param in dbt_cli.commands[command].params for opt in param.opts}
    for arg in daily_args(command):
        if arg.startswith("--"):
            assert arg in accepted, (command, arg)
    assert daily_args(command)[:2] == ["--vars", DAILY_VARS]
