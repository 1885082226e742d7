"""One front door: every project tool is an `esa` subcommand with --help, and the Makefile and the
pre-commit hooks call `esa`, not `python -m esa.*` or a shell script that only wraps a tool."""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

import pytest

from esa.cli import COMMANDS, build_parser

REPO = Path(__file__).resolve().parents[2]
# Shell scripts stay only where Python's virtualenv does not exist yet.
SHELL_SCRIPTS = {"scripts/setup.sh", "scripts/checks/venv.sh"}


def _subcommands(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found: list[tuple[str, ...]] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found.append((*prefix, name))
                found += _subcommands(sub, (*prefix, name))
    return found


def test_every_subcommand_answers_help(capsys: pytest.CaptureFixture[str]) -> None:
    commands = _subcommands(build_parser())
    assert {("check", "dbt"), ("pr-check",), ("lint",), ("generate",)} <= set(commands)
    for command in commands:
        with pytest.raises(SystemExit) as exit_info:
            build_parser().parse_args([*command, "--help"])
        assert exit_info.value.code == 0
        assert f"usage: esa {' '.join(command)}" in capsys.readouterr().out


def test_the_listed_help_lines_are_the_commands_own() -> None:
    """`esa --help` lists every command from esa.cli.COMMANDS without importing its module: each line is the
    one the module registers, in the same order."""
    full = {a.dest: a.help for act in build_parser()._actions if isinstance(act, argparse._SubParsersAction)
            for a in act._choices_actions}
    listed = {a.dest: a.help for act in build_parser(())._actions if isinstance(act, argparse._SubParsersAction)
              for a in act._choices_actions}
    assert list(full.items()) == list(listed.items()) == [(name, h) for name, (_, h) in COMMANDS.items()]


def test_a_command_imports_only_its_own_module() -> None:
    probe = ("import sys\nfrom esa import cli\ntry:\n    cli.main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
             "print(sorted(m for m in sys.modules if m.startswith('esa.commands.')))")
    for argv, imported in ((["--help"], "[]"), (["generate", "--help"], "['esa.commands.generate']")):
        out = subprocess.run([sys.executable, "-c", probe, *argv], capture_output=True, text=True, check=True)
        assert out.stdout.strip().splitlines()[-1] == imported, argv


def test_makefile_and_hooks_call_esa() -> None:
    for name in ("Makefile", ".pre-commit-config.yaml"):
        text = (REPO / name).read_text()
        assert "python -m esa" not in text, name
        assert set(re.findall(r"scripts/[\w/.-]+\.sh", text)) <= SHELL_SCRIPTS, name
    assert sorted(str(p.relative_to(REPO)) for p in (REPO / "scripts").rglob("*.sh")) == sorted(SHELL_SCRIPTS)
