"""`esa lint`: SQLFluff results are reused only while every input they depend on is unchanged.

Runs on a copy of the project's SQLFluff setup (.sqlfluff, the macros, the esa_jinja library) with
two models: the lint fixtures that are known to fail and to pass.
"""

from __future__ import annotations

import fcntl
import os
import pty
import shutil
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from esa.checks.lint_cache import lint

REPO = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures" / "lint"


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    shutil.copy(REPO / ".sqlfluff", tmp_path / ".sqlfluff")
    shutil.copytree(REPO / "macros", tmp_path / "macros")
    library = Path("tooling/esa/checks/sqlfluff_jinja")
    shutil.copytree(REPO / library, tmp_path / library)
    (tmp_path / "models").mkdir()
    shutil.copy(FIXTURES / "bad_style.sql", tmp_path / "models" / "bad_style.sql")
    shutil.copy(FIXTURES / "good_style.sql", tmp_path / "models" / "good_style.sql")
    return tmp_path


def test_results_are_cached_and_invalidated_by_their_inputs(project: Path) -> None:
    cache = project / ".cache"
    cold = lint(project, ("models",), cache, processes=1)
    assert not cold.sqlfluff_failed, cold.sqlfluff_failed
    assert sorted(cold.linted) == ["models/bad_style.sql", "models/good_style.sql"]
    assert cold.violations["models/good_style.sql"] == []
    bad_codes = {v.code for v in cold.violations["models/bad_style.sql"]}
    assert {"CP01", "AL01", "LT04"} <= bad_codes

    # Nothing changed: nothing is linted, and the cached failure still fails.
    warm = lint(project, ("models",), cache, processes=1)
    assert warm.linted == [] and len(warm.cached) == 2
    assert warm.violations == cold.violations
    assert warm.errors

    # A changed model is linted again, alone; a broken edit is caught.
    good = project / "models" / "good_style.sql"
    good.write_text(good.read_text() + "\nSELECT 1 AS X\n")
    edited = lint(project, ("models",), cache, processes=1)
    assert edited.linted == ["models/good_style.sql"]
    assert "CP01" in {v.code for v in edited.violations["models/good_style.sql"]}

    # A macro or the SQLFluff config changes every file's context: everything is linted again.
    with (project / "macros" / "cross_db" / "to_flag.sql").open("a") as macro:
        macro.write("\n{# a comment #}\n")
    assert sorted(lint(project, ("models",), cache, processes=1).linted) == sorted(cold.linted)
    (project / ".sqlfluff").write_text((project / ".sqlfluff").read_text() + "\n")
    assert len(lint(project, ("models",), cache, processes=1).linted) == 2


def test_without_a_cache_everything_is_linted_and_nothing_kept(project: Path) -> None:
    result = lint(project, ("models",), None, processes=1)
    assert len(result.linted) == 2 and result.cached == []
    assert not (project / ".cache").exists()


def test_on_a_terminal_the_files_are_counted_as_they_are_linted(project: Path) -> None:
    # stderr is a pseudo-terminal 120 columns wide, as in a developer's shell; stdout is a pipe.
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    proc = subprocess.Popen([str(Path(sys.executable).parent / "esa"), "lint", "models", "--no-cache",
                             "--processes", "1"], cwd=project, stdout=subprocess.PIPE, stderr=follower)
    os.close(follower)
    terminal = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        terminal += chunk
    stdout = proc.communicate()[0].decode()
    os.close(leader)
    assert proc.returncode == 1, stdout  # bad_style.sql fails
    shown = terminal.decode(errors="replace")
    assert "linting 2 of 2 files" in shown and "1/2" in shown, shown
    assert "2 files (2 linted, 0 from the cache)" in stdout
