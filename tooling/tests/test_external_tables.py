"""The Synapse run-operation `create_external_tables` renders the right DDL, offline.

`dbt run-operation create_external_tables --args '{dry_run: true, ...}' --target synapse` opens no
connection and prints the statements. The expectation is built here from the landing contract
(entities, columns, types, formats, paths) with this file's own T-SQL type mapping, and every
statement must parse with sqlfluff's tsql dialect.
"""

from __future__ import annotations

import re

import pytest
from conftest import OfflineProject
from sqlfluff.core import FluffConfig, Linter

from esa.landing import contract
from esa.landing.contract import Entity

EXPORT_DATE = "2025-10-28"
TSQL_TYPES = {
    "varchar": "nvarchar(4000)",
    "json": "nvarchar(max)",
    "bigint": "bigint",
    "integer": "int",
    "double": "float",
    "boolean": "bit",
    "date": "date",
    "timestamp": "datetime2(6)",
}
FORMATS = {"parquet": "esa_parquet", "csv": "esa_csv", "jsonl": "esa_jsonl"}


def tsql_type(contract_type: str) -> str:
    t = contract_type.lower().replace(" ", "")
    return t if t.startswith("decimal(") else TSQL_TYPES[t]


def expected_tables() -> dict[str, tuple[str, list[tuple[str, str]]]]:
    """LOCATION -> (file format, [(column, T-SQL type)]) for every landed file set."""
    out: dict[str, tuple[str, list[tuple[str, str]]]] = {}

    def columns(ent: Entity) -> list[tuple[str, str]]:
        if ent.format == "jsonl":  # one JSON document per line, read as text
            return [("json", "nvarchar(max)")]
        return [(c.name, tsql_type(c.type)) for c in ent.columns]

    for ent in contract.COSMOS_CONTAINERS:
        out[f"/cosmos/{ent.name}/changes/"] = (FORMATS["parquet"], columns(ent))
        if ent.name in contract.COSMOS_WITH_LIVE_IDS:
            out[f"/cosmos/{ent.name}/live_ids/export_date={EXPORT_DATE}/"] = (
                FORMATS["parquet"],
                [("id", "nvarchar(4000)"), ("_ts", "bigint")],
            )
    for ent in contract.LAKE_ENTITIES:
        out[f"/lake/{ent.lake_folder}/{ent.name}/"] = (FORMATS[ent.format], columns(ent))
    return out


@pytest.fixture(scope="module")
def statements(synapse_offline: OfflineProject) -> list[str]:
    args = "{dry_run: true, live_ids_export_date: '" + EXPORT_DATE + "'}"
    result = synapse_offline.dbt(["--quiet", "run-operation", "create_external_tables", "--args", args])
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    header = re.search(r"^-- create_external_tables: (\d+) statements \(dry run\)$", result.stdout, re.M)
    assert header, result.stdout[:2000]
    body = result.stdout[header.end() :]
    found = [s.strip() for s in re.split(r";\s*\n", body) if s.strip()]
    assert len(found) == int(header.group(1))
    return found


def create_tables(statements: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for statement in statements:
        if statement.startswith("create external table"):
            location = re.search(r"location = '([^']*)'", statement)
            assert location, statement
            assert location.group(1) not in out, f"two external tables on {location.group(1)}"
            out[location.group(1)] = statement
    return out


def test_one_external_table_per_landed_file_set(statements: list[str]) -> None:
    tables = create_tables(statements)
    assert sorted(tables) == sorted(expected_tables())
    # ERP extracts (15), lake files (3), Cosmos containers (6) and their live_ids (4)
    assert len(tables) == len(contract.LAKE_ENTITIES) + len(contract.COSMOS_CONTAINERS) + len(
        contract.COSMOS_WITH_LIVE_IDS
    )


def test_external_tables_have_the_contract_columns_and_format(statements: list[str]) -> None:
    tables = create_tables(statements)
    for location, (file_format, columns) in expected_tables().items():
        statement = tables[location]
        column_block = statement[statement.index("(") + 1 : statement.index(") with (")]
        declared = re.findall(r"^\s*\[([^\]]+)\] (\S+) null,?$", column_block, re.M)
        assert declared == columns, location
        assert f"file_format = [{file_format}]" in statement, location
        assert "data_source = [esa_landing]" in statement
        assert "reject_value = 0" in statement


def test_every_external_table_is_dropped_before_it_is_created(statements: list[str]) -> None:
    for i, statement in enumerate(statements):
        if statement.startswith("create external table"):
            name = statement.split()[3]
            assert statements[i - 1].endswith(f"drop external table {name}"), name


def test_shared_objects(statements: list[str]) -> None:
    text = "\n".join(statements)
    assert re.search(
        r"create external data source \[esa_landing\] with \(\s*type = hadoop,\s*"
        r"location = 'abfss://[^@']+@[^.']+\.dfs\.core\.windows\.net'",
        text,
    )
    csv_format = next(s for s in statements if s.startswith("create external file format [esa_csv]"))
    assert "format_type = delimitedtext" in csv_format and "first_row = 2" in csv_format
    assert "format_type = parquet" in next(s for s in statements if "[esa_parquet]" in s and "file format" in s)
    jsonl = next(s for s in statements if s.startswith("create external file format [esa_jsonl]"))
    terminator = re.search(r"field_terminator = '([^']+)'", jsonl)
    assert terminator and terminator.group(1) == '"""'
    assert "string_delimiter" not in jsonl


def test_statements_parse_as_tsql(statements: list[str]) -> None:
    linter = Linter(config=FluffConfig(overrides={"dialect": "tsql", "templater": "raw"}, ignore_local_config=True))
    for statement in statements:
        sql = statement
        if statement.startswith("create external data source"):
            # sqlfluff's tsql grammar lacks the data source's TYPE option (TYPE = HADOOP | BLOB_STORAGE);
            # the rest of the statement must still parse.
            assert "type = hadoop," in sql
            sql = sql.replace("type = hadoop,", "")
        parsed = linter.parse_string(sql + ";\n")
        assert parsed.tree is not None, statement
        unparsable = list(parsed.tree.recursive_crawl("unparsable"))
        assert not unparsable and not parsed.violations, f"does not parse as T-SQL:\n{statement}"
