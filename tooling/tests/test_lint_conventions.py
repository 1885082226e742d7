"""The convention checker (esa.checks.conventions) and the text-file hooks (esa.checks.text_files),
on small hand-made manifests and files: each violation is caught and each compliant case passes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from esa.checks.conventions import run_checks
from esa.checks.text_files import fix_end_of_file, fix_trailing_whitespace
from esa.cli import main as esa_main


def _model(name: str) -> dict[str, Any]:
    return {
        "unique_id": f"model.p.{name}",
        "resource_type": "model",
        "name": name,
        "package_name": "p",
        "original_file_path": f"models/{name}.sql",
        "tags": ["synapse_star"],
    }


def _test(kind: str, model: str, column: str | None = None) -> dict[str, Any]:
    return {
        "unique_id": f"test.p.{kind}_{model}_{column}",
        "resource_type": "test",
        "attached_node": f"model.p.{model}",
        "column_name": column,
        "test_metadata": {"name": kind, "kwargs": {"column_name": column} if column else {}},
    }


def _manifest(nodes: list[dict[str, Any]], sources: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {
        "metadata": {"project_name": "p"},
        "nodes": {n["unique_id"]: n for n in nodes},
        "sources": {s["unique_id"]: s for s in sources or []},
    }


def test_primary_key_test_rules(tmp_path: Path) -> None:
    manifest = _manifest(
        [
            _model("good_pair"), _test("unique", "good_pair", "id"), _test("not_null", "good_pair", "id"),
            _model("good_combo"), _test("unique_combination_of_columns", "good_combo"),
            _model("split"), _test("unique", "split", "a"), _test("not_null", "split", "b"),
            _model("nothing"),
        ]
    )  # fmt: skip
    found = {(v.name, v.rule) for v in run_checks(manifest, tmp_path)}
    assert found == {("split", "model-primary-key-test"), ("nothing", "model-primary-key-test")}


def test_primary_key_exemption_needs_a_reason(tmp_path: Path) -> None:
    exempt, blank = _model("quarantine"), _model("blank_reason")
    exempt["meta"] = {"primary_key_exemption": "one row per rejected landed row, duplicates included"}
    blank["meta"] = {"primary_key_exemption": "  "}
    found = {(v.name, v.rule) for v in run_checks(_manifest([exempt, blank]), tmp_path)}
    assert found == {("blank_reason", "model-primary-key-test")}


def test_every_model_has_a_destination_tag(tmp_path: Path) -> None:
    tagged, hyperscale, untagged = _model("tagged"), _model("hyperscale"), _model("untagged")
    hyperscale["tags"] = ["erp_reporting", "hyperscale_reporting"]
    untagged["tags"] = ["marts", "star"]
    pk = [_test("unique_combination_of_columns", m) for m in ("tagged", "hyperscale", "untagged")]
    found = {(v.name, v.rule) for v in run_checks(_manifest([tagged, hyperscale, untagged, *pk]), tmp_path)}
    assert found == {("untagged", "model-destination-tag")}


def test_meta_goes_under_config(tmp_path: Path) -> None:
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "_m.yml").write_text(
        "version: 2\nmodels:\n"
        "  - name: good\n    config:\n      meta: {a: 1}\n    columns:\n      - name: c\n        config:\n"
        "          meta: {pii: email}\n"
        "  - name: top_meta\n    meta: {a: 1}\n"
        "  - name: column_meta\n    columns:\n      - name: c\n        meta: {pii: email}\n"
    )
    nodes = [_model(n) for n in ("good", "top_meta", "column_meta")]
    for node in nodes:
        node["patch_path"] = "p://models/_m.yml"
    pk = [_test("unique_combination_of_columns", n["name"]) for n in nodes]
    found = {(v.name, v.rule) for v in run_checks(_manifest([*nodes, *pk]), tmp_path)}
    assert found == {("top_meta", "config-meta"), ("column_meta", "config-meta")}


def _mart(name: str, folder: str, description: str = "Grain: one row per thing.") -> dict[str, Any]:
    node = _model(name)
    node.update(original_file_path=f"models/{folder}/{name}.sql", description=description)
    node["patch_path"] = f"p://models/{folder}/_m.yml"
    return node


def _exposure(name: str, reads: list[str], tags: list[str], **fields: Any) -> dict[str, Any]:
    shape = {"label": name.title(), "type": "dashboard", "maturity": "high", "url": "https://x", "description": "d"}
    return {
        "unique_id": f"exposure.p.{name}",
        "name": name,
        "original_file_path": "models/_exposures.yml",
        "depends_on": {"nodes": [f"model.p.{m}" for m in reads]},
        "owner": {"name": "BI", "email": "bi@example.com"},
        "tags": tags,
        **shape,
        **fields,
    }


def _checked(nodes: list[dict[str, Any]], tmp_path: Path, **sections: Any) -> set[tuple[str, str]]:
    keyed = [_test("unique_combination_of_columns", n["name"]) for n in nodes if n["resource_type"] == "model"]
    manifest = {**_manifest([*nodes, *keyed]), **sections}
    return {(v.name, v.rule) for v in run_checks(manifest, tmp_path)}


def _read_by_all(nodes: list[dict[str, Any]]) -> dict[str, Any]:
    marts = [n["name"] for n in nodes if n["original_file_path"].startswith(("models/marts/", "models/erp_reporting/"))]
    return {"exposures": {"exposure.p.all": _exposure("all", marts, ["synapse_star", "hyperscale_reporting"])}}


def test_grain_is_stated_once_in_one_form(tmp_path: Path) -> None:
    nodes = [
        _mart("fct_good", "marts/sales"),
        _mart("int_single_row", "intermediate/erp", "The as-of date. Grain: one row."),
        _mart("rpt_other_form", "erp_reporting/ar", "Open items. One row per invoice."),
        _mart("fct_twice", "marts/sales", "Grain: one row per order. Facts hold one row per order line."),
        _mart("dim_none", "marts/core", "A dimension. History policy: SCD2."),
        _mart("sem_lower", "semantic", "grain: one row per order."),
        _mart("stg_not_checked", "staging/erp", "Staged customers."),
    ]
    restated = _mart("rpt_meta_grain", "erp_reporting/ar")
    restated["config"] = {"meta": {"grain": "One row per invoice."}}
    found = _checked([*nodes, restated], tmp_path, **_read_by_all([*nodes, restated]))
    assert found == {
        ("rpt_other_form", "model-grain"),
        ("fct_twice", "model-grain"),
        ("dim_none", "model-grain"),
        ("sem_lower", "model-grain"),
        ("rpt_meta_grain", "model-grain"),
    }


def test_unit_tests_sit_in_their_models_yaml_named_by_behaviour(tmp_path: Path) -> None:
    model = _mart("int_balances", "intermediate/erp")

    def unit(name: str, path: str = "models/intermediate/erp/_m.yml") -> dict[str, Any]:
        return {"unique_id": f"unit_test.p.int_balances.{name}", "name": name, "model": "int_balances",
                "package_name": "p", "original_file_path": path}  # fmt: skip

    tests = [
        unit("open_balance_excludes_fully_paid_invoices"),
        unit("int_balances_sums_at_the_contract_limits"),
        unit("aging_buckets_in_own_file", "models/intermediate/erp/_int_erp__unit_tests.yml"),
        unit("test_int_balances_aging_bucket_boundaries"),
        unit("int_balances_aging_test"),
        unit("int_balances_aging"),
    ]
    staged = _mart("stg_lake_erp__customers", "staging/lake_erp")
    # staging's models YAML is rendered from the contract: its unit tests keep a file of their own
    rendered = unit("stg_lake_erp__customers_keeps_the_latest_version", "models/staging/lake_erp/_unit_tests.yml")
    rendered["model"] = "stg_lake_erp__customers"
    found = _checked([model, staged], tmp_path, unit_tests={t["unique_id"]: t for t in [*tests, rendered]})
    assert found == {
        ("aging_buckets_in_own_file", "unit-test-placement"),
        ("test_int_balances_aging_bucket_boundaries", "unit-test-name"),
        ("int_balances_aging_test", "unit-test-name"),
        ("int_balances_aging", "unit-test-name"),
    }


def test_every_mart_is_read_by_an_exposure_of_one_shape(tmp_path: Path) -> None:
    star, unread, hyperscale = _mart("fct_a", "marts/s"), _mart("fct_b", "marts/s"), _mart("rpt_c", "erp_reporting/ar")
    exposures = [
        _exposure("good_star", ["fct_a"], ["power_bi", "synapse_star"]),
        _exposure("good_erp", ["rpt_c"], ["power_bi", "hyperscale_reporting"]),
        _exposure("no_destination_tag", ["rpt_c"], ["power_bi", "hyperscale"]),
        _exposure("no_owner_email", ["fct_a"], ["synapse_star"], owner={"name": "BI"}),
        _exposure("no_maturity", ["fct_a"], ["synapse_star"], maturity=None),
        _exposure("reads_no_mart", ["int_x"], ["synapse_star"]),
    ]
    found = _checked([star, unread, hyperscale], tmp_path, exposures={e["unique_id"]: e for e in exposures})
    assert found == {
        ("fct_b", "mart-exposure"),
        ("no_destination_tag", "exposure-shape"),
        ("no_owner_email", "exposure-shape"),
        ("no_maturity", "exposure-shape"),
        ("reads_no_mart", "exposure-shape"),
    }


def test_source_freshness_threshold_or_explicit_null(tmp_path: Path) -> None:
    (tmp_path / "dbt_project.yml").write_text("name: p\n")
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "_src.yml").write_text(
        "version: 2\n"
        "sources:\n"
        "  - name: erp\n"
        "    tables:\n"
        "      - name: orders\n"
        "      - name: currencies\n"
        "        # static reference data\n"
        "        freshness: null\n"
        "      - name: invoices\n"
        "        freshness: {warn_after: {count: 1, period: day}}\n"
    )

    def source(table: str, freshness: Any) -> dict[str, Any]:
        return {
            "unique_id": f"source.p.erp.{table}",
            "source_name": "erp",
            "name": table,
            "original_file_path": "models/_src.yml",
            "freshness": freshness,
        }

    threshold = {"warn_after": {"count": 1, "period": "day"}, "error_after": {"count": None, "period": None}}
    manifest = _manifest([], [source("orders", None), source("currencies", None), source("invoices", threshold)])
    found = {(v.name, v.rule) for v in run_checks(manifest, tmp_path)}
    assert found == {("erp.orders", "source-freshness")}


def test_sources_skip_files_still_landing_and_no_unsafe_casts(tmp_path: Path) -> None:
    def source(table: str, location: str) -> dict[str, Any]:
        return {
            "unique_id": f"source.p.lake.{table}",
            "source_name": "lake",
            "name": table,
            "original_file_path": "models/_src.yml",
            "freshness": {"warn_after": {"count": 1, "period": "day"}},
            "config": {"meta": {"external_location": location}},
        }

    sources = [
        source("guarded", "read_parquet('root/lake/a/[!._]*/[!._]*.parquet', hive_partitioning = true)"),
        source("any_file", "read_parquet('root/lake/b/[!._]*/*.parquet')"),
        source("any_folder", "read_csv('root/lake/c/*/[!._]*.csv')"),
    ]
    safe, unsafe = _model("safe"), _model("unsafe")
    safe["raw_code"] = "select {{ try_cast_text('author_id', 'bigint') }} as author_id"
    unsafe["raw_code"] = "select {{ dbt.safe_cast('author_id', dbt.type_bigint()) }} as author_id"
    tests = [_test(kind, m, "id") for m in ("safe", "unsafe") for kind in ("unique", "not_null")]
    found = {(v.name, v.rule) for v in run_checks(_manifest([safe, unsafe, *tests], sources), tmp_path)}
    assert found == {
        ("lake.any_file", "landing-in-progress-files"),
        ("lake.any_folder", "landing-in-progress-files"),
        ("unsafe", "unsafe-cast"),
    }


def test_text_fixers(tmp_path: Path) -> None:
    sql = tmp_path / "a.sql"
    sql.write_bytes(b"select 1  \nfrom x\t\n\n\n")
    assert fix_trailing_whitespace(sql)
    assert fix_end_of_file(sql)
    assert sql.read_bytes() == b"select 1\nfrom x\n"
    assert not fix_trailing_whitespace(sql) and not fix_end_of_file(sql)
    markdown = tmp_path / "a.md"
    markdown.write_bytes(b"hard  \nbreak \n")
    fix_trailing_whitespace(markdown)
    assert markdown.read_bytes() == b"hard  \nbreak\n"


def test_large_files_are_refused(tmp_path: Path) -> None:
    big, small = tmp_path / "big.parquet", tmp_path / "small.txt"
    big.write_bytes(b"x" * 600 * 1024)
    small.write_text("ok\n")
    assert esa_main(["check", "large-files", "--max-kb", "500", str(small)]) == 0
    assert esa_main(["check", "large-files", "--max-kb", "500", str(small), str(big)]) == 1


def test_physical_design_in_the_yaml_config_block_only(tmp_path: Path) -> None:
    """Physical settings in SQL config() fail; in YAML they need a reason and may not restate the folder default."""
    (tmp_path / "dbt_project.yml").write_text(
        "name: p\nmodels:\n  p:\n    marts:\n      +dist: REPLICATE\n      +index: CLUSTERED COLUMNSTORE INDEX\n"
    )
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "_m.yml").write_text(
        "version: 2\nmodels:\n"
        "  - name: fct_good\n    config:\n      dist: HASH(order_id)\n"
        "      post_hook: [\"{{ create_statistics(['order_id']) }}\"]\n"
        "      meta: {physical_design: 'HASH(order_id): the most-joined key'}\n"
        "  - name: fct_no_reason\n    config:\n      dist: HASH(order_id)\n"
        "  - name: dim_restated\n    config:\n      dist: replicate\n      meta: {physical_design: 'small'}\n"
        "  - name: fct_sql_dist\n"
        "  - name: fct_sql_statistics\n"
        "  - name: fct_incremental\n"
    )
    sql = {
        "fct_good": "select 1 as order_id",
        "fct_no_reason": "select 1 as order_id",
        "dim_restated": "select 1 as order_id",
        "fct_sql_dist": "{{ config(dist='HASH(order_id)', index='HEAP') }}\nselect 1 as order_id",
        "fct_sql_statistics": "{{\n    config(\n        post_hook=[\"{{ create_statistics(['order_id']) }}\"]\n"
        "    )\n}}\nselect 1 as order_id",
        # load logic stays with the SQL: incremental settings and a delete post-hook are fine
        "fct_incremental": "{{ config(materialized='incremental', unique_key='order_id', "
        "post_hook=[\"delete from {{ this }} where order_id in (select order_id from x where y = 'index=1')\"]) }}\n"
        "select 1 as order_id",
    }
    nodes = []
    for name, raw_code in sql.items():
        node = _model(name)
        node["original_file_path"] = f"models/marts/{name}.sql"
        node["patch_path"] = "p://models/_m.yml"
        node["raw_code"] = raw_code
        nodes.append(node)
    pk = [_test("unique_combination_of_columns", n["name"]) for n in nodes]
    checked = run_checks(_manifest([*nodes, *pk]), tmp_path)
    found = {(v.name, v.rule) for v in checked if v.rule.startswith("physical-")}  # other rules: tests above
    assert found == {
        ("fct_no_reason", "physical-design-reason"),
        ("dim_restated", "physical-design-default"),
        ("fct_sql_dist", "physical-config-in-sql"),
        ("fct_sql_statistics", "physical-config-in-sql"),
    }


def test_money_and_date_parts_through_the_macros(tmp_path: Path) -> None:
    """A written-out money type or date-part function in a model fails; the macros and dbt's own pass."""
    sql = {
        "good": "select {{ money('amount') }} as amount, {{ money('total', 38) }} as total,\n"
        "    {{ two_decimals(safe_divide('seconds', 60, 2)) }} as minutes, {{ date_year('d') }} as y,\n"
        "    {{ dbt.datediff('a', 'b', 'day') }} as days, {{ try_cast_text('x', money_type()) }} as x,\n"
        "    cast(rate as decimal(18, 6)) as rate, 'year(' as label  -- year(d) in a comment\n"
        "{# cast(a as decimal(18, 2)) #} from t",
        "cast_money": "select cast(amount as decimal(18, 2)) as amount from t",
        "money_type_string": "select {{ try_cast_text('x', 'decimal(18,2)') }} as x from t",
        "numeric_money": "select cast(total as NUMERIC(38,2)) as total from t",
        "year_call": "select year(order_date) as order_year from t",
        "datepart_call": "select DATEPART(month, order_date) as m, extract(day from order_date) as d from t",
    }
    nodes = []
    for name, raw_code in sql.items():
        node = _model(name)
        node["raw_code"] = raw_code
        nodes.append(node)
    pk = [_test("unique_combination_of_columns", n["name"]) for n in nodes]
    checked = run_checks(_manifest([*nodes, *pk]), tmp_path)
    found = {(v.name, v.rule) for v in checked if v.rule.startswith("raw-")}  # other rules: tests above
    assert found == {
        ("cast_money", "raw-money-cast"),
        ("money_type_string", "raw-money-cast"),
        ("numeric_money", "raw-money-cast"),
        ("year_call", "raw-date-part"),
        ("datepart_call", "raw-date-part"),
    }
