"""Before dbt starts: say where to run it and how to create profiles.yml, in one line.

dbt looks for profiles.yml in the working directory, then in ~/.dbt. Run from a subfolder, or before
`make setup` wrote profiles.yml, dbt stops with "Invalid value for '--profiles-dir': Path '~/.dbt' does
not exist", an option the user never passed. scripts/setup.sh installs ``esa-dbt-preflight.pth`` into
the virtualenv (the mechanism setuptools' own distutils-precedence.pth uses), which calls ``main()``
when the program is ``dbt``; everything else starts as before. It stays silent, and dbt runs, whenever
the user chose a directory (``--project-dir``, ``--profiles-dir`` or their DBT_* variables), asked for
help, or runs ``dbt init``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

PTH_LINE = (
    "import os, sys; os.path.basename((getattr(sys, 'argv', None) or [''])[0]) == 'dbt'"
    " and __import__('esa.dbt_preflight').dbt_preflight.main()\n"
)
CHOSEN_BY_USER = ("--profiles-dir", "--project-dir")
SILENT_WORDS = {"-h", "--help", "--version", "init"}
MAKE_SETUP = "run `make setup` there (it writes profiles.yml from profiles.example.yml)"


def project_root(start: Path) -> Path | None:
    """The nearest folder holding dbt_project.yml: start or one of its parents."""
    return next((folder for folder in (start, *start.parents) if (folder / "dbt_project.yml").is_file()), None)


def problem(args: Sequence[str], cwd: Path, home: Path, environ: dict[str, str] | os._Environ[str]) -> str | None:
    """The one-line message for running dbt with these arguments here, or None when dbt can run."""
    if not args or any(arg in SILENT_WORDS for arg in args):
        return None
    if any(arg.split("=", 1)[0] in CHOSEN_BY_USER for arg in args):
        return None
    if environ.get("DBT_PROFILES_DIR") or environ.get("DBT_PROJECT_DIR"):
        return None
    root = project_root(cwd) or project_root(Path(__file__).resolve().parent)
    if root is None:
        return None  # not this project: dbt speaks for itself
    if root != cwd:
        fix = "cd " + str(root)
        if not (root / "profiles.yml").is_file():
            fix += ", then " + MAKE_SETUP.replace(" there", "")
        return f"dbt: {cwd} is not the project folder; dbt runs in {root}, next to dbt_project.yml: {fix}."
    if not (cwd / "profiles.yml").is_file() and not (home / ".dbt" / "profiles.yml").is_file():
        return f"dbt: {cwd} has no profiles.yml: {MAKE_SETUP}."
    return None


def main() -> None:
    message = problem(sys.argv[1:], Path.cwd(), Path.home(), os.environ)
    if message:
        sys.stderr.write(message + "\n")
        sys.stderr.flush()
        # Called while Python reads the .pth files: SystemExit there would be a fatal startup error.
        os._exit(2)


def install(site_packages: Path) -> Path:
    """Write the .pth file into a virtualenv's site-packages (scripts/setup.sh calls this)."""
    pth = site_packages / "esa-dbt-preflight.pth"
    if not pth.is_file() or pth.read_text(encoding="utf-8") != PTH_LINE:
        pth.write_text(PTH_LINE, encoding="utf-8")
    return pth


if __name__ == "__main__":
    import sysconfig

    install(Path(sysconfig.get_paths()["purelib"]))
