"""SQLFluff as configured in .sqlfluff: T-SQL rules catch a badly styled model, a well styled one
that uses dbt's builtins, adapter.dispatch and the cross-database macros templates and lints clean,
and every rule the project leaves out is written down with its reason."""

from __future__ import annotations

import configparser
import re
from pathlib import Path

import pytest
from sqlfluff.core import FluffConfig, Linter

REPO = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures" / "lint"


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter(config=FluffConfig.from_path(str(REPO)))


def _lint(linter: Linter, name: str) -> tuple[set[str], str]:
    # Lint the fixture as if it were a model, so that the project's config and macros apply.
    sql = (FIXTURES / name).read_text()
    result = linter.lint_string(sql, fname=str(REPO / "models" / name))
    codes = {v.rule_code() for v in result.violations}
    rendered = result.templated_file.templated_str if result.templated_file else ""
    return codes, rendered


def test_bad_style_is_caught(linter: Linter) -> None:
    codes, _ = _lint(linter, "bad_style.sql")
    # upper-case keywords and functions, implicit aliases, leading commas, positional GROUP BY
    assert {"CP01", "CP03", "AL01", "AL02", "LT04", "AM06"} <= codes, sorted(codes)


def test_good_style_templates_and_lints_clean(linter: Linter) -> None:
    codes, rendered = _lint(linter, "good_style.sql")
    assert codes == set(), sorted(codes)
    # adapter.dispatch found the default__ implementation, dbt.* rendered T-SQL, the project's
    # is_incremental() stand-in rendered the incremental branch.
    assert "case when orders.order_status = 'open' then 1 else 0 end" in rendered
    assert "hashbytes('md5'" in rendered
    assert "dateadd(day, -3, orders.ordered_at)" in rendered
    assert "select max(existing.ordered_at)" in rendered


def test_every_excluded_rule_has_a_reason() -> None:
    text = (REPO / ".sqlfluff").read_text()
    parser = configparser.ConfigParser(interpolation=None)
    parser.read_string(text)
    excluded = [r.strip() for r in parser.get("sqlfluff", "exclude_rules", fallback="").split(",") if r.strip()]
    assert excluded, "no excluded rules: this test would prove nothing"
    for code in excluded:
        assert re.search(rf"^#\s+{code} \(\S+.*\):\s*\S", text, re.MULTILINE), f"{code} has no reason in .sqlfluff"


def test_sqlfluffignore_keeps_fixtures_out_of_the_project_lint() -> None:
    ignored = (REPO / ".sqlfluffignore").read_text().split()
    assert "tooling/tests/fixtures/" in ignored
