"""`esa check`: the project's own pre-commit checks (text files, dbt conventions); .pre-commit-config.yaml runs them."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

BIN = Path(sys.executable).parent
PRECOMMIT_TARGET = "target/precommit"  # dbt-bouncer.yml reads the manifest from here


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "check",
        help="The project's checks that pre-commit runs: text files, dbt conventions.",
        description="The checks behind the pre-commit hooks (`make precommit` runs them all). Each exits 1 "
                    "on a violation; the text-file checks fix what they report.",
    )
    checks = parser.add_subparsers(dest="check", required=True, metavar="CHECK")

    for name, help_text in (
        ("trailing-whitespace", "strip trailing spaces and tabs (Markdown keeps a two-space line break)"),
        ("end-of-file", "exactly one newline at the end of each non-empty file"),
    ):
        text = checks.add_parser(name, help=help_text, description=help_text + "; exit 1 if a file changed.")
        text.add_argument("files", nargs="*", type=Path)
        text.set_defaults(func=run_text_check)

    large = checks.add_parser("large-files", help="refuse files over --max-kb KiB (generated data)",
                              description="Exit 1 if a file is larger than --max-kb KiB.")
    large.add_argument("--max-kb", type=int, default=500, help="the limit in KiB (default 500)")
    large.add_argument("files", nargs="*", type=Path)
    large.set_defaults(func=run_text_check)

    conventions = checks.add_parser(
        "conventions",
        help="primary-key tests, source freshness, landing readers, casts, destination tags, config.meta, grain, "
        "unit-test placement and names, exposures",
        description="Conventions that dbt-bouncer does not cover (esa.checks.conventions), on a dbt manifest.",
    )
    conventions.add_argument("--manifest", type=Path, default=Path("target/manifest.json"))
    conventions.add_argument("--project-dir", type=Path, default=Path("."))
    conventions.set_defaults(func=run_conventions)

    dbt = checks.add_parser(
        "dbt",
        help="dbt parse with the committed example profile, then the conventions and dbt-bouncer",
        description=f"`dbt parse` into {PRECOMMIT_TARGET}/ with profiles.example.yml (never a developer's "
                    "profiles.yml), then `esa check conventions` and dbt-bouncer (dbt-bouncer.yml) on that manifest.",
    )
    dbt.add_argument("--project-dir", type=Path, default=Path("."))
    dbt.set_defaults(func=run_dbt)


def run_text_check(args: argparse.Namespace) -> int:
    from esa.checks.text_files import fix_end_of_file, fix_trailing_whitespace

    fixes: dict[str, tuple[Callable[[Path], bool], str]] = {
        "trailing-whitespace": (fix_trailing_whitespace, "trailing whitespace removed"),
        "end-of-file": (fix_end_of_file, "end of file fixed"),
    }
    failed = False
    for path in (p for p in args.files if p.is_file()):
        if args.check == "large-files":
            size_kb = path.stat().st_size / 1024
            if size_kb > args.max_kb:
                print(f"{path}: {size_kb:.0f} KiB is over {args.max_kb} KiB (generated data does not belong in git)")
                failed = True
            continue
        fix, said = fixes[args.check]
        if fix(path):
            print(f"{path}: {said}")
            failed = True
    return 1 if failed else 0


def run_conventions(args: argparse.Namespace) -> int:
    from esa.checks.conventions import run_checks

    if not args.manifest.is_file():
        print(f"esa check conventions: {args.manifest} not found: run `esa check dbt` (it parses first)",
              file=sys.stderr)
        return 2
    violations = run_checks(json.loads(args.manifest.read_text()), args.project_dir)
    for violation in violations:
        print(violation.render())
    if violations:
        print(f"conventions: {len(violations)} violation(s)", file=sys.stderr)
        return 1
    print(
        "conventions: primary-key tests, source freshness, landing readers, casts, destination tags, config.meta, "
        "grain, unit tests, exposures, physical design, money and date parts OK",
        flush=True,
    )
    return 0


def run_dbt(args: argparse.Namespace) -> int:
    project = args.project_dir.resolve()
    target_path = project / PRECOMMIT_TARGET
    with tempfile.TemporaryDirectory() as profiles:
        shutil.copy(project / "profiles.example.yml", Path(profiles) / "profiles.yml")
        parse = subprocess.run(
            [str(BIN / "dbt"), "parse", "--quiet", "--no-use-colors", "--target", "local", "--profiles-dir", profiles,
             "--target-path", str(target_path), "--log-path", str(target_path / "logs")],
            cwd=project, env={**os.environ, "ESA_TARGET": "local"}, check=False,
        )  # fmt: skip
    if parse.returncode != 0:
        return parse.returncode
    conventions = run_conventions(argparse.Namespace(manifest=target_path / "manifest.json", project_dir=project))
    bouncer = subprocess.run([str(BIN / "dbt-bouncer"), "--config-file", "dbt-bouncer.yml"], cwd=project, check=False)
    return 1 if conventions or bouncer.returncode else 0
