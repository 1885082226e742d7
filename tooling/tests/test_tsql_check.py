"""The offline T-SQL check: each rule catches a deliberately broken fixture, the clean fixture
passes, and one end-to-end run compiles fixture models with dbt for a T-SQL target (both branches
of an incremental model) and reports model, target and rule."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from esa.tsql_check.grammar import normalise, parse_one
from esa.tsql_check.rules import RULES, Node, check_node
from esa.tsql_check.sqltext import tokenize

REPO = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures"
SQL_FIXTURES = FIXTURES / "tsql"
TEXT_RULES = [name for name in RULES if (SQL_FIXTURES / f"{name}.sql").exists()]


def _model(sql: str, **kwargs: object) -> Node:
    fields: dict[str, object] = {
        "unique_id": "model.p.m",
        "resource_type": "model",
        "name": "m",
        "path": "models/m.sql",
        "sql": sql,
        "materialized": "table",
        "alias": "m",
        "schema": "dbt",
    }
    fields.update(kwargs)
    return Node(**fields)  # type: ignore[arg-type]


def _rules_hit(node: Node, target: str = "synapse") -> set[str]:
    return {f.rule for f in check_node(node, tokenize(node.sql), target)}


def test_every_rule_has_a_broken_fixture() -> None:
    # identifier-length is proven on node metadata below and by the dbt fixture model's name.
    missing = set(RULES) - set(TEXT_RULES) - {"identifier-length"}
    assert not missing, f"rules without a fixture in {SQL_FIXTURES}: {sorted(missing)}"


@pytest.mark.parametrize("rule", TEXT_RULES)
def test_rule_catches_its_fixture(rule: str) -> None:
    node = _model((SQL_FIXTURES / f"{rule}.sql").read_text())
    hit = _rules_hit(node)
    assert rule in hit, f"{rule} fixture not caught; rules hit: {sorted(hit)}"
    # Each fixture breaks its own rule only, so a rule that fires everywhere would show up here.
    assert hit == {rule}, f"{rule} fixture also hit {sorted(hit - {rule})}"


def test_clean_fixture_breaks_no_rule_and_parses() -> None:
    node = _model((SQL_FIXTURES / "clean.sql").read_text())
    for target in ("synapse", "hyperscale", "fabric"):
        assert _rules_hit(node, target) == set()
    assert parse_one(node.sql).ok


def test_grammar_rejects_broken_sql() -> None:
    result = parse_one((SQL_FIXTURES / "grammar.sql").read_text())
    assert not result.ok
    assert result.line is not None


def test_three_part_names_only_matter_on_synapse() -> None:
    node = _model((SQL_FIXTURES / "three-part-name.sql").read_text())
    assert "three-part-name" in _rules_hit(node, "synapse")
    assert "three-part-name" not in _rules_hit(node, "hyperscale")


def test_identifier_length_counts_dbt_suffixes() -> None:
    ok = _model("select 1 as x", alias="a" * (128 - len("__dbt_temp__dbt_tmp_vw")))
    too_long = _model("select 1 as x", alias="a" * (129 - len("__dbt_temp__dbt_tmp_vw")))
    assert "identifier-length" not in _rules_hit(ok)
    assert "identifier-length" in _rules_hit(too_long)
    view = _model("select 1 as x", alias="a" * 117, materialized="view")  # + __dbt_backup = 129
    assert "identifier-length" in _rules_hit(view)
    snapshot = _model("select 1 as x", alias="a" * 102, resource_type="snapshot")  # + 27 = 129
    assert "identifier-length" in _rules_hit(snapshot)
    column = _model("select 1 as " + "c" * 129)
    assert "identifier-length" in _rules_hit(column)


def test_synapse_wraps_tests_that_do_not_start_with_with() -> None:
    body = "with failures as (select 1 as x) select * from failures"
    commented = _model("-- a SQL comment first\n" + body, resource_type="test")
    starts_with_with = _model(body, resource_type="test")
    assert "nested-with" in _rules_hit(commented, "synapse")
    assert "nested-with" not in _rules_hit(starts_with_with, "synapse")
    # dbt-sqlserver always makes a view of the test: no wrapping there.
    assert "nested-with" not in _rules_hit(commented, "hyperscale")


def test_boolean_contract_columns_are_caught() -> None:
    node = _model("select 1 as is_open", contract_columns={"is_open": "boolean"})
    assert "boolean" in _rules_hit(node)
    assert "boolean" not in _rules_hit(_model("select 1 as is_open", contract_columns={"is_open": "bit"}))


def test_comments_and_strings_never_match() -> None:
    sql = 'select \'a || b :: limit 5\' as t /* for json path */ -- qualify\nfrom "dbt"."x"'
    assert _rules_hit(_model(sql)) == set()


def test_normalise_merges_the_targets_relation_quoting() -> None:
    synapse = 'select a from "dbt"."x"'
    hyperscale = 'select a from "erp"."reporting"."x"'
    fabric = "select a from [esa].[dbt].[x]"
    assert normalise(synapse) == normalise(hyperscale) == normalise(fabric)


@pytest.fixture(scope="module")
def fixture_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A throwaway copy of the project's config and macros with only the broken fixture models."""
    project = tmp_path_factory.mktemp("tsql_fixture_project")
    for name in ("dbt_project.yml", "profiles.example.yml"):
        shutil.copy(REPO / name, project / name)
    shutil.copytree(REPO / "macros", project / "macros")
    shutil.copytree(FIXTURES / "dbt_models", project / "models")
    return project


def test_end_to_end_dbt_compile_catches_fixture_models(fixture_project: Path, tmp_path: Path) -> None:
    cmd = [
        str(Path(sys.executable).parent / "esa"), "tsql-check", "--project-dir", str(fixture_project),
        "--work-dir", str(tmp_path / "work"), "--target", "synapse", "--target", "hyperscale",
    ]  # fmt: skip
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    errors = [line for line in out.splitlines() if line.startswith("error:")]
    # Every violation names the target (and branch), the model and the rule.
    for target in ("synapse", "hyperscale"):
        assert any(f"[{target}/-] model fixture_nested_with" in e and "nested-with" in e for e in errors), out
        assert any(f"[{target}/-] model fixture_identifier_too_long" in e and "identifier-length" in e for e in errors)
        # The LIMIT sits in the incremental branch only: proof that both branches were compiled.
        assert any(f"[{target}/incremental] model fixture_incremental" in e and " limit:" in e for e in errors), out
        assert not any(f"[{target}/full] model fixture_incremental" in e for e in errors), out
    assert "Timings:" in out
    assert "compile" not in {e.split(") ", 1)[1].split(":")[0] for e in errors}, out


def test_is_incremental_override_compiles_each_branch(fixture_project: Path, tmp_path: Path) -> None:
    """The var drives is_incremental() with no server: the compiled SQL differs by branch."""
    compiled = {}
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    shutil.copy(REPO / "profiles.example.yml", profiles / "profiles.yml")
    for branch in ("full", "incremental"):
        target_path = tmp_path / branch
        cmd = [
            str(Path(sys.executable).parent / "dbt"), "--no-populate-cache", "compile", "--no-introspect",
            "--target", "hyperscale", "--select", "fixture_incremental",
            "--vars", f"{{esa_incremental_branch: {branch}}}", "--project-dir", str(fixture_project),
            "--profiles-dir", str(profiles), "--target-path", str(target_path),
            "--log-path", str(target_path / "logs"),
        ]  # fmt: skip
        result = subprocess.run(cmd, capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stdout[-3000:]
        compiled[branch] = next(target_path.rglob("fixture_incremental.sql")).read_text()
    assert "limit 1" not in compiled["full"]
    assert "limit 1" in compiled["incremental"]
