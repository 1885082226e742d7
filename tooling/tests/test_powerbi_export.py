"""esa powerbi export (issue 10, items 7 and 8): the PBIPs of synapse, fabric and hyperscale, and an export
on the hand-written semantic-manifest fixture that uses every metric type."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import OfflineProject
from powerbi_helpers import FIXTURE, definition_dir, fixture_target_dir, run_export

from esa.powerbi.columns import pii_category
from esa.powerbi.export import ExportResult
from esa.powerbi.tmdl_check import Parsed, check

TARGETS = ("synapse", "fabric", "hyperscale")
SECRET = "s3cr3t-never-in-a-pbip"  # pragma: allowlist secret


@pytest.fixture(scope="session")
def exports(offline_projects: Callable[[str], OfflineProject], profiles_dir: Path,
            tmp_path_factory: pytest.TempPathFactory) -> dict[str, ExportResult]:
    """One export per target from the session's offline parse, plus `fixture` (every metric type)."""
    out = tmp_path_factory.mktemp("powerbi")
    parsed = {t: offline_projects(t).work / "target" for t in TARGETS}
    previous = os.environ.get("DBT_ENV_SECRET_SYNAPSE_CLIENT_SECRET")
    os.environ["DBT_ENV_SECRET_SYNAPSE_CLIENT_SECRET"] = SECRET  # set while exporting: it must not leak
    try:
        results = {t: run_export(t, parsed[t], out, profiles_dir) for t in TARGETS}
    finally:
        if previous is None:
            del os.environ["DBT_ENV_SECRET_SYNAPSE_CLIENT_SECRET"]
        else:
            os.environ["DBT_ENV_SECRET_SYNAPSE_CLIENT_SECRET"] = previous
    work = fixture_target_dir(offline_projects("synapse").work / "target", out / "fixture_target")
    results["fixture"] = run_export("synapse", work, out / "fixture", profiles_dir)
    return results


@pytest.fixture(scope="session")
def checked(exports: dict[str, ExportResult]) -> dict[str, tuple[Parsed, list[str]]]:
    return {name: check(definition_dir(result)) for name, result in exports.items()}


@pytest.mark.parametrize("name", [*TARGETS, "fixture"])
def test_every_metric_is_a_measure_or_listed(name: str, exports: dict[str, ExportResult]) -> None:
    result = exports[name]
    assert result.missing == []
    report = result.report
    assert set(report["translated"]) | set(report["untranslated"]) == set(report["metrics"])
    assert not set(report["translated"]) & set(report["untranslated"])
    written = json.loads((result.out / "export_report.json").read_text())
    assert written == json.loads(json.dumps(report))


@pytest.mark.parametrize("name", [*TARGETS, "fixture"])
def test_tmdl_structure(name: str, checked: dict[str, tuple[Parsed, list[str]]],
                        exports: dict[str, ExportResult]) -> None:
    parsed, errors = checked[name]
    assert errors == []
    report = exports[name].report
    assert sorted(parsed.tables) == sorted(report["tables"])
    for table, content in report["tables"].items():
        assert list(parsed.tables[table].columns) == content["columns"]
        assert list(parsed.tables[table].measures) == content["measures"]
    assert len(parsed.relationships) == len(report["relationships"])


def test_tables_come_from_tags(exports: dict[str, ExportResult]) -> None:
    manifest = json.loads((exports["synapse"].out.parent / "fixture_target" / "manifest.json").read_text())
    models = [n for n in manifest["nodes"].values() if n["resource_type"] == "model"]
    star = {n["name"] for n in models if "star" in n["tags"]}
    finance = {n["name"] for n in models if {"hyperscale", "finance"} <= set(n["tags"])}
    assert set(exports["synapse"].report["tables"]) == star
    assert set(exports["hyperscale"].report["tables"]) == finance | {"Date"}
    assert finance and not finance & star


def test_second_export_is_byte_identical(exports: dict[str, ExportResult], profiles_dir: Path,
                                         offline_projects: Callable[[str], OfflineProject], tmp_path: Path) -> None:
    again = run_export("synapse", offline_projects("synapse").work / "target", tmp_path, profiles_dir)
    first = {p.relative_to(exports["synapse"].out): p.read_bytes() for p in exports["synapse"].out.rglob("*")
             if p.is_file()}
    second = {p.relative_to(again.out): p.read_bytes() for p in again.out.rglob("*") if p.is_file()}
    assert first == second


def test_synapse_and_fabric_differ_only_in_sources(exports: dict[str, ExportResult]) -> None:
    def files(result: ExportResult) -> dict[Path, bytes]:
        return {p.relative_to(result.out): p.read_bytes() for p in result.out.rglob("*") if p.is_file()}

    synapse, fabric = files(exports["synapse"]), files(exports["fabric"])
    assert synapse.keys() == fabric.keys()
    differing = {str(p) for p in synapse if synapse[p] != fabric[p]}
    assert differing == {"ESA_Star.SemanticModel/definition/expressions.tmdl", "export_report.json"}
    report_s, report_f = exports["synapse"].report, exports["fabric"].report
    assert {k: v for k, v in report_s.items() if k != "target"} == {k: v for k, v in report_f.items() if k != "target"}


def test_files_are_utf8_without_bom_and_tab_indented(exports: dict[str, ExportResult]) -> None:
    for result in exports.values():
        for path in result.out.rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                assert not data.startswith(b"\xef\xbb\xbf"), path
                text = data.decode("utf-8")
                if path.suffix == ".tmdl":
                    assert not re.search(r"^ +\S", text, re.MULTILINE), path


def test_sources_are_parameters_without_secrets(exports: dict[str, ExportResult]) -> None:
    for target in TARGETS:
        definition = definition_dir(exports[target])
        expressions = (definition / "expressions.tmdl").read_text()
        assert re.search(r'^expression Server = "[^"]+" meta \[IsParameterQuery=true', expressions, re.MULTILINE)
        assert re.search(r'^expression Database = "[^"]+" meta \[IsParameterQuery=true', expressions, re.MULTILINE)
        report = exports[target].report
        for table in report["tables"]:
            text = (definition / "tables" / f"{table}.tmdl").read_text()
            assert "Sql.Database(Server, Database)" in text or "= calculated" in text, table
        for path in exports[target].out.rglob("*"):
            if path.is_file():
                assert SECRET not in path.read_text(), path


def test_storage_modes_and_incremental_refresh(exports: dict[str, ExportResult]) -> None:
    definition = definition_dir(exports["synapse"])
    report = exports["synapse"].report
    incremental = [t for t, c in report["tables"].items() if c["incremental_refresh"]]
    assert incremental == ["fct_interaction_events"]
    text = (definition / "tables" / "fct_interaction_events.tmdl").read_text()
    assert "\trefreshPolicy\n" in text and "RangeStart" in text and "RangeEnd" in text
    expressions = (definition / "expressions.tmdl").read_text()
    assert "expression RangeStart = #datetime(" in expressions and "expression RangeEnd = #datetime(" in expressions
    assert {c["storage_mode"] for c in report["tables"].values()} == {"import"}


def test_roles_filter_existing_columns(exports: dict[str, ExportResult],
                                       checked: dict[str, tuple[Parsed, list[str]]]) -> None:
    for target in ("synapse", "hyperscale"):
        parsed, _ = checked[target]
        assert parsed.roles, target
        for role, filters in parsed.roles.items():
            assert filters, role
            for table, dax in filters.items():
                for column in re.findall(r"\[([^\]]+)\]", dax):
                    assert column in parsed.tables[table].columns, (role, column)


def test_one_perspective_and_report_per_exposure(exports: dict[str, ExportResult],
                                                 checked: dict[str, tuple[Parsed, list[str]]]) -> None:
    manifest = json.loads((exports["synapse"].out.parent / "fixture_target" / "manifest.json").read_text())
    for target in ("synapse", "hyperscale"):
        tables = set(exports[target].report["tables"])
        expected = {e["name"] for e in manifest["exposures"].values()
                    if {d.split(".")[-1] for d in e["depends_on"]["nodes"]} <= tables}
        perspectives = exports[target].report["perspectives"]
        assert {p["exposure"] for p in perspectives.values()} == expected and expected
        for name, content in perspectives.items():
            assert (exports[target].out / f"{content['exposure']}.Report" / "definition.pbir").exists()
            report_json = json.loads((exports[target].out / f"{content['exposure']}.Report" / "definition" /
                                      "report.json").read_text())
            assert report_json["settings"]["defaultDataExplorePerspective"] == name
            assert set(checked[target][0].perspectives[name]) == set(content["tables"])


def test_date_table_is_marked(checked: dict[str, tuple[Parsed, list[str]]], exports: dict[str, ExportResult]) -> None:
    for name in [*TARGETS, "fixture"]:
        parsed, _ = checked[name]
        date = exports[name].report["date_table"]
        table = parsed.tables[date["table"]]
        assert table.properties.get("dataCategory") == "Time"
        key = [c for c, p in table.columns.items() if p.get("isKey")]
        assert key == [date["key"]] and table.columns[key[0]]["dataType"] == "dateTime"


def test_dimension_keys_hidden_surrogates_and_sorting(checked: dict[str, tuple[Parsed, list[str]]]) -> None:
    parsed, _ = checked["fixture"]
    for table, info in parsed.tables.items():
        for column, props in info.columns.items():
            if column.endswith("_key") and table != "dim_date":
                assert props.get("isHidden") == "true", (table, column)
                assert props.get("summarizeBy") == "none", (table, column)
    assert parsed.tables["dim_customer"].columns["customer_key"].get("isKey") == "true"
    assert parsed.tables["dim_date"].columns["month_name"]["sortByColumn"] == "calendar_month"
    assert parsed.tables["dim_date"].columns["day_name"]["sortByColumn"] == "iso_day_of_week"
    assert parsed.tables["dim_geography"].columns["country_code"]["dataCategory"] == "Country"


@pytest.mark.parametrize("target", TARGETS)
def test_money_sums_only_in_one_currency(checked: dict[str, tuple[Parsed, list[str]]], target: str) -> None:
    """A visual's implicit total never adds currencies: in a table with a currency per row, the document
    amounts do not sum by default and their EUR twins do; prices, unit costs and limits never sum."""
    parsed, _ = checked[target]
    seen_eur = 0
    for table, info in parsed.tables.items():
        columns = info.columns
        per_row_currency = any(c == "currency_code" or c.endswith("_currency_code") for c in columns)
        for column, props in columns.items():
            attribute = re.search(r"(price|unit_cost|limit)_amount(_eur)?$", column)
            if attribute or (per_row_currency and column.endswith("_amount")):
                assert props.get("summarizeBy") == "none", (table, column)
            elif column.endswith("_amount_eur"):
                assert props.get("summarizeBy") == "sum", (table, column)
                seen_eur += 1
    assert seen_eur > 0


@pytest.mark.parametrize("target", TARGETS)
def test_every_fact_relates_to_the_date_table(target: str, exports: dict[str, ExportResult],
                                              offline_projects: Callable[[str], OfflineProject]) -> None:
    """Issue 10 item 1: every fact of the export has exactly one active relationship to the Date table, on its
    semantic model's default time dimension (a typed date column, not a timestamp); no fact is left unrelated."""
    report = exports[target].report
    manifest = offline_projects(target).work / "target" / "semantic_manifest.json"
    semantic = json.loads(manifest.read_text())
    date_table = report["date_table"]["table"]
    facts = {m["node_relation"]["alias"]: m for m in semantic["semantic_models"]
             if m["measures"] and m["node_relation"]["alias"] in report["tables"]}
    assert facts, "the export holds no fact"
    assert not [n for n in report["notes"] if "is not a date column" in n]
    for fact, model in facts.items():
        date_rels = [r for r in report["relationships"]
                     if r["from"].startswith(f"{fact}[") and r["to"].startswith(f"{date_table}[")]
        active = [r["from"] for r in date_rels if r["active"]]
        time_dims = [d for d in model["dimensions"] if d["type"] == "time"]
        default = next(d for d in time_dims if d["name"] == model["defaults"]["agg_time_dimension"])
        assert active == [f"{fact}[{default['expr'] or default['name']}]"], (fact, date_rels)
        assert len(date_rels) == len(time_dims), (fact, date_rels, time_dims)


def test_relationships_from_entities(exports: dict[str, ExportResult]) -> None:
    """Many-to-one, single direction, one active date relationship per fact; the others inactive."""
    semantic = json.loads(FIXTURE.read_text())
    relationships = exports["fixture"].report["relationships"]
    facts = [m for m in semantic["semantic_models"] if m["measures"]]
    foreign = {(m["name"], e["name"]) for m in facts for e in m["entities"] if e["type"] == "foreign"}
    entity_rels = [r for r in relationships if r["origin"].startswith("entity ")]
    assert len(entity_rels) == len(foreign)
    date_rels = [r for r in relationships if r["to"].startswith("dim_date[")]
    assert sum(r["active"] for r in date_rels) == 1 and len(date_rels) == 2
    default = facts[0]["defaults"]["agg_time_dimension"]
    assert [r["from"] for r in date_rels if r["active"]] == [f"fct_sales_order_lines[{default}]"]


def test_fixture_metric_types_follow_the_dax_patterns(exports: dict[str, ExportResult]) -> None:
    """Each metric type of the fixture becomes its DAX pattern (shared/NOTES.md "MetricFlow to DAX")."""
    semantic = json.loads(FIXTURE.read_text())
    parsed = check(definition_dir(exports["fixture"]))[0]
    measures = {name: dax for table in parsed.tables.values() for name, dax in table.measures.items()}
    report = exports["fixture"].report
    agg = {m["name"]: m["agg"] for sm in semantic["semantic_models"] for m in sm["measures"]}
    for metric in semantic["metrics"]:
        name, params = metric["name"], metric["type_params"]
        if name in report["untranslated"]:
            continue
        dax = measures[report["translated"][name]]
        if metric["filter"] or (params.get("measure") or {}).get("filter"):
            assert "KEEPFILTERS(" in dax, name
        if metric["type"] == "ratio":
            assert dax.startswith("DIVIDE("), name
        if metric["type"] in ("simple", "cumulative") and agg[params["measure"]["name"]] == "count_distinct":
            assert "DISTINCTCOUNTNOBLANK(" in dax, name
        if metric["type"] == "cumulative":
            cumulative = params["cumulative_type_params"]
            expected = {"month": "DATESMTD(", "year": "DATESYTD(", None: "DATESINPERIOD("}[cumulative["grain_to_date"]]
            assert expected in dax, name
        if any(m.get("offset_window") for m in params.get("metrics") or []):
            assert "DATEADD(" in dax, name
    assert "USERELATIONSHIP(" in measures[report["translated"]["shipped_net_sales"]]
    semi = {m["name"] for sm in semantic["semantic_models"] for m in sm["measures"] if m["non_additive_dimension"]}
    semi_metrics = [m["name"] for m in semantic["metrics"] if (m["type_params"]["measure"] or {}).get("name") in semi]
    assert semi_metrics
    for name in semi_metrics:
        assert re.match(r"VAR __edge = MAX\('fct_sales_order_lines'\[order_date\]\) RETURN CALCULATE\(",
                        measures[report["translated"][name]]), name
    conversions = {m["name"] for m in semantic["metrics"] if m["type"] == "conversion"}
    assert conversions and conversions <= set(report["untranslated"])
    assert "period_agg first" in report["untranslated"]["net_sales_mtd_first"]
    fiscal = [n for n in report["fiscal_ytd"]]
    assert fiscal and all('DATESYTD(' in measures[n] and '"6-30"' in measures[n] for n in fiscal)


# ---- validators: the structural checker catches what it claims ------------------------------------------
BREAKAGES = {
    "space indentation": (r"\n\tcolumn net_amount\n\t\tdataType", "\n\tcolumn net_amount\n        dataType"),
    "colon for an expression": ("\t\tsource =\n", "\t\tsource:\n"),
    "equals for a property": ("\t\tdataType: decimal", "\t\tdataType = decimal"),
    "unquoted name with a space": ("measure 'Net Sales' =", "measure Net Sales ="),
    "invalid enum": ("\t\tsummarizeBy: sum", "\t\tsummarizeBy: total"),
    "description not above its object": ("\t/// Net line amount", "\t/// Net line amount\n"),
    "duplicate column": ("\tcolumn net_amount\n", "\tcolumn gross_amount\n"),
}


@pytest.mark.parametrize("breakage", sorted(BREAKAGES))
def test_checker_catches_breakage(breakage: str, exports: dict[str, ExportResult], tmp_path: Path) -> None:
    import shutil

    source = definition_dir(exports["fixture"])
    broken = tmp_path / "definition"
    shutil.copytree(source, broken)
    path = broken / "tables" / "fct_sales_order_lines.tmdl"
    old, new = BREAKAGES[breakage]
    text = path.read_text()
    pattern = old if old.startswith("\\n") or "\\t" in old else re.escape(old)
    assert re.search(pattern, text), f"{breakage}: the export no longer has {old!r}"
    path.write_text(re.sub(pattern, lambda _: new.replace("\\n", "\n").replace("\\t", "\t"), text, count=1))
    assert check(broken)[1], f"checker missed: {breakage}"


@pytest.mark.parametrize("breakage", ["relationship to a missing column", "sortByColumn missing", "duplicate table",
                                      "role on a missing column", "second active relationship", "mismatched key type"])
def test_checker_catches_model_breakage(breakage: str, exports: dict[str, ExportResult], tmp_path: Path) -> None:
    import shutil

    broken = tmp_path / "definition"
    shutil.copytree(definition_dir(exports["fixture"]), broken)
    rels = broken / "relationships.tmdl"
    if breakage == "relationship to a missing column":
        rels.write_text(rels.read_text().replace("toColumn: dim_customer.customer_key", "toColumn: dim_customer.nope"))
    elif breakage == "sortByColumn missing":
        path = broken / "tables" / "dim_date.tmdl"
        path.write_text(path.read_text().replace("sortByColumn: calendar_month", "sortByColumn: month_number_x"))
    elif breakage == "duplicate table":
        (broken / "tables" / "copy.tmdl").write_text((broken / "tables" / "dim_channel.tmdl").read_text())
    elif breakage == "role on a missing column":
        path = next((broken / "roles").glob("*.tmdl"))
        path.write_text(path.read_text().replace("[sales_region]", "[sales_regio]"))
    elif breakage == "second active relationship":
        rels.write_text(rels.read_text().replace("\tisActive: false\n", ""))
    elif breakage == "mismatched key type":
        rels.write_text(rels.read_text().replace("toColumn: dim_date.calendar_date", "toColumn: dim_date.date_key", 1))
    assert check(broken)[1], f"checker missed: {breakage}"


# ---- DAX: a real parser (sidemantic-dax), with references checked against the model -------------------
# sidemantic-dax flags the interval keywords inside DATEADD/DATESINPERIOD as unknown (shared/NOTES.md).
_INTERVALS = {"DAY", "MONTH", "QUARTER", "YEAR"}


@pytest.mark.parametrize("name", [*TARGETS, "fixture"])
def test_every_dax_expression_parses_and_references_exist(name: str,
                                                          checked: dict[str, tuple[Parsed, list[str]]]) -> None:
    import sidemantic_dax as dax
    parsed, _ = checked[name]
    model = dax.ModelMetadata([dax.ModelTable(t, list(i.columns), list(i.measures)) for t, i in parsed.tables.items()])
    expressions = [(f"{t}[{m}]", e) for t, i in parsed.tables.items() for m, e in i.measures.items()]
    expressions += [(f"role {r}", e) for r, f in parsed.roles.items() for e in f.values()]
    expressions += [(f"{t} partition", p["source"]) for t, i in parsed.tables.items() for p in i.partitions.values()
                    if p["kind"] == "calculated"]
    for where, expression in expressions:
        dax.parse_expression(expression)  # raises on a syntax error
        issues = [i for i in dax.validate_expression_against_model(expression, model)
                  if not (str(i.code.value) == "UnknownIdentifier" and i.message.split("`")[1] in _INTERVALS)]
        assert issues == [], (where, expression, [i.message for i in issues])
    if name == "fixture":
        assert len(expressions) > 10


def test_dax_check_catches_a_missing_reference() -> None:
    import sidemantic_dax as dax
    model = dax.ModelMetadata([dax.ModelTable("t", ["a"], ["M"])])
    assert dax.validate_expression_against_model("SUM('t'[b])", model)
    assert not dax.validate_expression_against_model("SUM('t'[a])", model)
    with pytest.raises(ValueError):
        dax.parse_expression("SUM('t'[a]")


# ---- an independent TMDL reader (pbi-semantic-doc) sees what the export report lists -------------------
@pytest.mark.parametrize("name", [*TARGETS, "fixture"])
def test_independent_reader_sees_the_report(name: str, exports: dict[str, ExportResult]) -> None:
    import pbi_semantic_doc.parser as parser
    report = exports[name].report
    model = parser.TmdlParser().parse(next(exports[name].out.glob("*.SemanticModel")))
    seen = {t.name: t for t in model.tables}
    assert sorted(seen) == sorted(report["tables"])
    for table, content in report["tables"].items():
        assert [c.name for c in seen[table].columns] == content["columns"], table
        assert [m.name for m in seen[table].measures] == content["measures"], table
    relationships = sorted((f"{r.from_table}[{r.from_column}]", f"{r.to_table}[{r.to_column}]", bool(r.is_active))
                           for r in model.relationships)
    assert relationships == sorted((r["from"], r["to"], r["active"]) for r in report["relationships"])


# ---- JSON parts against Microsoft's schemas ---------------------------------------------------------------
def _schema_root() -> Path | None:
    root = Path(os.environ.get("ESA_POWERBI_SCHEMAS", Path(__file__).resolve().parents[3] / "shared" /
                               "powerbi-json-schemas"))
    return root if (root / "fabric").is_dir() else None


@pytest.mark.parametrize("name", [*TARGETS, "fixture"])
def test_json_parts_validate_against_schemas(name: str, exports: dict[str, ExportResult]) -> None:
    root = _schema_root()
    if root is None:
        message = "../shared/powerbi-json-schemas is missing (set ESA_POWERBI_SCHEMAS)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    import jsonschema
    from referencing import Registry, Resource

    prefix = "https://developer.microsoft.com/json-schemas/"

    def retrieve(uri: str) -> Resource:
        return Resource.from_contents(json.loads((root / uri.removeprefix(prefix)).read_text()))

    registry = Registry(retrieve=retrieve)  # type: ignore[call-arg]
    parts = [p for p in exports[name].out.rglob("*") if p.is_file() and (
        p.suffix in {".pbip", ".pbism", ".pbir", ".json"} or p.name == ".platform") and p.name != "export_report.json"]
    kinds = {p.suffix or p.name for p in parts}
    assert {".platform", ".pbism"} <= kinds
    for path in parts:
        document = json.loads(path.read_text(encoding="utf-8"))
        schema = json.loads((root / document["$schema"].removeprefix(prefix)).read_text())
        validator = jsonschema.validators.validator_for(schema)(schema, registry=registry)
        errors = [e.message for e in validator.iter_errors(document)]
        assert errors == [], (path, errors)


# ---- the Date key on data: unique, gap-free, never NULL with the partition's filter -----------------------
def test_date_key_on_duckdb(checked: dict[str, tuple[Parsed, list[str]]], exports: dict[str, ExportResult],
                            built_project) -> None:  # type: ignore[no-untyped-def]
    from conftest import relation_of

    date = exports["synapse"].report["date_table"]
    text = (definition_dir(exports["synapse"]) / "tables" / f"{date['table']}.tmdl").read_text()
    match = re.search(r"Table\.SelectRows\(Data, each \[(\w+)\] <> null\)", text)
    assert match is not None, "the Date partition must filter the unknown member's NULL date out"
    column = match.group(1)
    assert column == date["key"]
    con = built_project.connect()
    try:
        relation = relation_of(con, date["table"])
        rows, distinct, nulls, span, all_rows = con.execute(
            f"select count({column}), count(distinct {column}), count(*) - count({column}),"
            f" max({column}) - min({column}) + 1, (select count(*) from {relation})"
            f" from {relation} where {column} is not null").fetchone()
        fiscal_end = con.execute(
            f"select count(*) from {relation} a join {relation} b on b.{column} = a.{column} + 1"
            f" where b.fiscal_year <> a.fiscal_year and not (month(a.{column}) = 6 and day(a.{column}) = 30)"
        ).fetchone()[0]
    finally:
        con.close()
    assert rows == distinct and nulls == 0 and span == rows
    assert all_rows > rows, "the unfiltered table holds the unknown member, which the filter removes"
    assert fiscal_end == 0, "the fiscal year changes only after 30 June (the fiscal YTD year end 6-30)"


@pytest.mark.parametrize("target", TARGETS)
def test_personal_data_is_hidden(target: str, checked: dict[str, tuple[Parsed, list[str]]],
                                 offline_projects: Callable[[str], OfflineProject]) -> None:
    """Every column classified as personal data (meta.pii) that the export carries is hidden: import-mode
    refresh reads it under one identity, so the database's masks never reach report viewers."""
    manifest = json.loads((offline_projects(target).work / "target" / "manifest.json").read_text())
    tagged = {(n["name"], c) for n in manifest["nodes"].values() if n["resource_type"] == "model"
              for c, col in n["columns"].items() if pii_category(col)}
    parsed, _ = checked[target]
    exported = [(t, c) for t, info in parsed.tables.items() for c in info.columns if (t, c) in tagged]
    assert exported, "the export carries no personal data column: the test would prove nothing"
    assert [(t, c) for t, c in exported if parsed.tables[t].columns[c].get("isHidden") != "true"] == []
