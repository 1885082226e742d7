"""Cosmos staging reconciles with the landed files.

Every expected figure is computed here from the landed parquet files (DuckDB reading the files and
plain Python, not the dbt models) or read from the generator's manifest; the staged figures come
from the models that `dbt build` made (the `duck` fixture).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
from conftest import BuiltProject, relation_of

from esa.landing import contract

# container -> (staging model, its id column, the unnested arrays: (json property, model, index column))
MODELS: dict[str, tuple[str, str, tuple[tuple[str, str, str], ...]]] = {
    "support_tickets": (
        "stg_cosmos__support_tickets",
        "ticket_id",
        (
            ("messages", "stg_cosmos__support_ticket_messages", "message_index"),
            ("statusHistory", "stg_cosmos__support_ticket_status_changes", "change_index"),
        ),
    ),
    "app_users": ("stg_cosmos__app_users", "app_user_id", ()),
    "app_sessions": ("stg_cosmos__app_sessions", "app_session_id", ()),
    "interaction_events": ("stg_cosmos__interaction_events", "event_id", ()),
    "survey_responses": ("stg_cosmos__survey_responses", "survey_response_id", ()),
    "return_requests": (
        "stg_cosmos__return_requests",
        "return_request_id",
        (("items", "stg_cosmos__return_request_items", "item_index"),),
    ),
}

# the property the generator drifts per container, and its staged column (None: not staged as such)
DRIFT: dict[str, tuple[str, str]] = {
    "support_tickets": ("priority", "priority"),
    "app_users": ("marketingOptIn", "is_marketing_opt_in"),
    "app_sessions": ("eventCount", "event_count"),
    "survey_responses": ("score", "score"),
    "return_requests": ("refundAmount", "refund_amount"),
}
# drifted properties that are never NULL otherwise: their NULLs are exactly the drifted versions
ALWAYS_SET = {"priority", "marketingOptIn", "eventCount", "score"}


def test_every_container_has_a_staging_model() -> None:
    assert sorted(MODELS) == sorted(c.name for c in contract.COSMOS_CONTAINERS)
    assert set(DRIFT) <= set(MODELS)


@pytest.fixture(scope="module")
def files(built_project: BuiltProject) -> Iterator[duckdb.DuckDBPyConnection]:
    """An in-memory DuckDB with one view per landed file set (not the dbt sources)."""
    con = duckdb.connect()
    root = built_project.landing / "cosmos"
    for name in MODELS:
        con.execute(
            f"create view changes_{name} as select * from "
            f"read_parquet('{root / name / 'changes'}/*/*.parquet', hive_partitioning = false)"
        )
    yield con
    con.close()


def latest_live_ids(landing: Path, container: str) -> set[str]:
    # only a complete export counts: its folder holds the _SUCCESS marker (landing contract)
    folders = sorted(p.parent for p in (landing / "cosmos" / container / "live_ids").glob("export_date=*/_SUCCESS"))
    assert folders, f"{container}: no complete live_ids export landed"
    con = duckdb.connect()
    try:
        rows = con.execute(f"select id from read_parquet('{folders[-1]}/*.parquet')").fetchall()
    finally:
        con.close()
    return {r[0] for r in rows}


def latest_versions(files: duckdb.DuckDBPyConnection, container: str) -> dict[str, dict[str, Any]]:
    """The current document per id, chosen in Python: the highest (_ts, _etag)."""
    cur = files.execute(f"select * from changes_{container}")
    names = [d[0] for d in cur.description]
    best: dict[str, dict[str, Any]] = {}
    for row in cur.fetchall():
        doc = dict(zip(names, row, strict=True))
        old = best.get(doc["id"])
        if old is None or (doc["_ts"], doc["_etag"]) > (old["_ts"], old["_etag"]):
            best[doc["id"]] = doc
    return best


def epoch_utc(seconds: int) -> dt.datetime:
    return dt.datetime(1970, 1, 1) + dt.timedelta(seconds=int(seconds))


@pytest.mark.parametrize("container", sorted(MODELS))
def test_one_row_per_landed_document(
    container: str, built_project: BuiltProject, files: duckdb.DuckDBPyConnection, duck: duckdb.DuckDBPyConnection
) -> None:
    model, key, _ = MODELS[container]
    landed_ids = {r[0] for r in files.execute(f"select distinct id from changes_{container}").fetchall()}
    staged = duck.execute(f"select {key} from {relation_of(duck, model)}").fetchall()
    staged_ids = [r[0] for r in staged]
    assert len(staged_ids) == len(set(staged_ids)), "duplicate ids in staging"
    assert set(staged_ids) == landed_ids
    assert len(staged_ids) == built_project.manifest["entities"][f"cosmos.{container}"]["distinct_keys"]


@pytest.mark.parametrize("container", sorted(MODELS))
def test_the_latest_version_wins(
    container: str, files: duckdb.DuckDBPyConnection, duck: duckdb.DuckDBPyConnection
) -> None:
    model, key, _ = MODELS[container]
    expected = {i: epoch_utc(doc["_ts"]) for i, doc in latest_versions(files, container).items()}
    staged = dict(duck.execute(f"select {key}, modified_at from {relation_of(duck, model)}").fetchall())
    assert staged == expected
    # a version-dependent property follows the same version (tickets and returns change status)
    if container in ("support_tickets", "return_requests"):
        col = "ticket_status" if container == "support_tickets" else "return_status"
        latest = latest_versions(files, container)
        staged_status = dict(duck.execute(f"select {key}, {col} from {relation_of(duck, model)}").fetchall())
        assert staged_status == {i: doc["status"] for i, doc in latest.items()}


@pytest.mark.parametrize("container", sorted(contract.COSMOS_WITH_LIVE_IDS))
def test_deleted_documents_are_flagged_not_dropped(
    container: str, built_project: BuiltProject, files: duckdb.DuckDBPyConnection, duck: duckdb.DuckDBPyConnection
) -> None:
    model, key, _ = MODELS[container]
    in_changes = {r[0] for r in files.execute(f"select distinct id from changes_{container}").fetchall()}
    deleted = in_changes - latest_live_ids(built_project.landing, container)
    staged = dict(duck.execute(f"select {key}, is_deleted from {relation_of(duck, model)}").fetchall())
    assert {i for i, flag in staged.items() if flag == 1} == deleted
    assert set(staged.values()) <= {0, 1}
    manifest_deleted = built_project.manifest["entities"][f"cosmos.{container}"]["dirty"]["deleted"]
    assert len(deleted) == manifest_deleted
    assert manifest_deleted > 0, "the test landing zone should contain deletes"


def test_containers_without_live_ids_have_no_delete_flag(duck: duckdb.DuckDBPyConnection) -> None:
    for container in set(MODELS) - set(contract.COSMOS_WITH_LIVE_IDS):
        model = MODELS[container][0]
        columns = {r[0] for r in duck.execute(f"describe {relation_of(duck, model)}").fetchall()}
        assert "is_deleted" not in columns, model


@pytest.mark.parametrize(
    "container,prop,model,index_col",
    [(c, p, m, i) for c, (_, _, arrays) in MODELS.items() for p, m, i in arrays],
)
def test_unnested_rows_are_the_array_elements_of_the_latest_version(
    container: str,
    prop: str,
    model: str,
    index_col: str,
    files: duckdb.DuckDBPyConnection,
    duck: duckdb.DuckDBPyConnection,
) -> None:
    parent_key = MODELS[container][1]
    expected: dict[tuple[str, int], None] = {}
    for doc_id, doc in latest_versions(files, container).items():
        for position, element in enumerate(json.loads(doc[prop]) if doc[prop] else []):
            if isinstance(element, dict):
                expected[(doc_id, position)] = None
    assert expected, f"{container}.{prop}: no array elements landed"
    staged = duck.execute(f"select {parent_key}, {index_col} from {relation_of(duck, model)}").fetchall()
    assert len(staged) == len(expected), "staged rows = sum of the array lengths of the latest versions"
    assert set(staged) == set(expected)


def test_unnested_fields_match_the_json(files: duckdb.DuckDBPyConnection, duck: duckdb.DuckDBPyConnection) -> None:
    expected = {}
    for doc_id, doc in latest_versions(files, "support_tickets").items():
        for position, msg in enumerate(json.loads(doc["messages"]) if doc["messages"] else []):
            expected[(doc_id, position)] = (msg.get("messageId"), msg.get("authorType"), msg.get("bodyLength"))
    rows = duck.execute(
        "select ticket_id, message_index, message_id, author_type, body_length "
        f"from {relation_of(duck, 'stg_cosmos__support_ticket_messages')}"
    ).fetchall()
    assert {(r[0], r[1]): (r[2], r[3], r[4]) for r in rows} == expected


@pytest.mark.parametrize("container", sorted(DRIFT))
def test_type_drift_lands_as_null(
    container: str, built_project: BuiltProject, files: duckdb.DuckDBPyConnection, duck: duckdb.DuckDBPyConnection
) -> None:
    prop, column = DRIFT[container]
    model, key, _ = MODELS[container]
    drifted = built_project.manifest["entities"][f"cosmos.{container}"]["dirty"]["type_drift"]
    null_versions = files.execute(
        f'select count(*) from (select distinct id, _ts, "{prop}" as v from changes_{container}) where v is null'
    ).fetchone()
    assert null_versions is not None
    if prop in ALWAYS_SET:
        assert null_versions[0] == drifted, "NULL versions = the manifest's type_drift"
    else:
        assert null_versions[0] >= drifted
    # staging keeps exactly the NULLs of the current versions (no default, no coercion)
    expected_null = {i for i, doc in latest_versions(files, container).items() if doc[prop] is None}
    staged_null = {
        r[0]
        for r in duck.execute(f"select {key} from {relation_of(duck, model)} where {column} is null").fetchall()
    }
    assert staged_null == expected_null


def test_iso_text_becomes_utc_timestamps(files: duckdb.DuckDBPyConnection, duck: duckdb.DuckDBPyConnection) -> None:
    latest = latest_versions(files, "support_tickets")
    staged = dict(
        duck.execute(
            f"select ticket_id, created_at from {relation_of(duck, 'stg_cosmos__support_tickets')}"
        ).fetchall()
    )
    for ticket_id, doc in latest.items():
        parsed = dt.datetime.fromisoformat(doc["createdAt"].replace("Z", "+00:00"))
        assert staged[ticket_id] == parsed.astimezone(dt.UTC).replace(tzinfo=None), ticket_id
