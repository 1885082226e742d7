"""Lake-file staging reconciles with the landed CSV and JSON-lines files.

The expected figures are computed here from the landed files with the csv and json modules and
plain Python parsing rules (YYYY-MM-DD dates, dot-decimal numbers, ISO-8601 timestamps), not with
the dbt models or their macros; the staged figures come from the built models (`duck` fixture).
Identity checked for each CSV feed: landed rows = staged + rejected + duplicates removed.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pytest
from conftest import BuiltProject, relation_of


def parse_date(text: str | None) -> dt.date | None:
    if text is None or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def parse_decimal(text: str | None) -> Decimal | None:
    if text is None or not re.fullmatch(r"\s*[+-]?\d+(\.\d+)?\s*", text):
        return None
    return Decimal(text.strip())


def parse_int(text: str | None) -> int | None:
    if text is None or not re.fullmatch(r"\s*[+-]?\d+\s*", text):
        return None
    return int(text)


def parse_timestamp(text: str | None) -> dt.datetime | None:
    if not text:
        return None
    try:
        value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return value.astimezone(dt.UTC).replace(tzinfo=None) if value.tzinfo else value


def landed_csv(landing: Path, folder: str, name: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for path in sorted((landing / "lake" / folder / name).glob("ingest_date=*/*.csv")):
        ingest = dt.date.fromisoformat(path.parent.name.split("=", 1)[1])
        with path.open(newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                rows.append({**{k: (v if v != "" else None) for k, v in row.items()}, "ingest_date": ingest})
    assert rows, f"no {name} rows landed"
    return rows


@dataclass(frozen=True)
class Feed:
    """How one CSV feed is staged: its parsers (first failing one gives the reason), key and order."""

    folder: str
    name: str
    model: str
    checks: tuple[tuple[str, str, Callable[[str | None], Any]], ...]  # (column, reason, parser)
    key: Callable[[dict[str, Any]], tuple[Any, ...]]
    order_column: str
    staged_key_sql: str
    value_column: str
    value_sql: str
    value_scale: str


FEEDS = {
    "exchange_rates": Feed(
        "finance",
        "exchange_rates",
        "stg_lake_finance__exchange_rates",
        (
            ("rate_date", "malformed_date", parse_date),
            ("rate", "malformed_number", parse_decimal),
            ("published_at", "malformed_timestamp", parse_timestamp),
        ),
        lambda r: (parse_date(r["rate_date"]), r["from_currency"].upper(), r["to_currency"].upper()),
        "published_at",
        "rate_date, from_currency, to_currency",
        "rate",
        "exchange_rate",
        "0.000001",
    ),
    "marketing_spend": Feed(
        "marketing",
        "marketing_spend",
        "stg_lake_marketing__marketing_spend",
        (
            ("spend_date", "malformed_date", parse_date),
            ("spend_amount", "malformed_number", parse_decimal),
            ("impressions", "malformed_number", parse_int),
            ("clicks", "malformed_number", parse_int),
            ("exported_at", "malformed_timestamp", parse_timestamp),
        ),
        lambda r: (parse_date(r["spend_date"]), r["campaign_id"]),
        "exported_at",
        "spend_date, campaign_id",
        "spend_amount",
        "spend_amount",
        "0.01",
    ),
}


def rejection_reason(feed: Feed, row: dict[str, Any]) -> str | None:
    for column, reason, parser in feed.checks:
        if parser(row[column]) is None:
            return reason
    return None


@pytest.mark.parametrize("feed_name", sorted(FEEDS))
def test_landed_rows_are_staged_rejected_or_duplicates(
    feed_name: str, built_project: BuiltProject, duck: duckdb.DuckDBPyConnection
) -> None:
    feed = FEEDS[feed_name]
    landed = landed_csv(built_project.landing, feed.folder, feed.name)
    entity = built_project.manifest["entities"][f"lake.{feed.name}"]
    assert len(landed) == entity["rows"]

    valid = [r for r in landed if rejection_reason(feed, r) is None]
    rejected = [r for r in landed if rejection_reason(feed, r) is not None]
    latest: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in valid:
        key, rank = feed.key(row), (parse_timestamp(row[feed.order_column]), row["ingest_date"])
        if key not in latest or rank > (parse_timestamp(latest[key][feed.order_column]), latest[key]["ingest_date"]):
            latest[key] = row
    duplicates_removed = len(valid) - len(latest)

    staged_count = duck.execute(f"select count(*) from {relation_of(duck, feed.model)}").fetchone()
    rejected_count = duck.execute(f"select count(*) from {relation_of(duck, feed.model + '_rejected')}").fetchone()
    assert staged_count is not None and rejected_count is not None
    assert staged_count[0] == len(latest)
    assert rejected_count[0] == len(rejected)
    assert len(landed) == staged_count[0] + rejected_count[0] + duplicates_removed
    assert rejected and duplicates_removed, "the test landing zone should contain rejects and duplicates"

    # the manifest's malformed rows are the distinct rejected rows (its duplicates are counted apart)
    # a malformed row landed again in another file differs only in its partition and its arrival marker
    distinct_rejected = {tuple(v for k, v in r.items() if k not in ("ingest_date", "_landed_at")) for r in rejected}
    dirty = entity["dirty"]
    assert len(distinct_rejected) == dirty.get("malformed_date", 0) + dirty.get("malformed_number", 0)


@pytest.mark.parametrize("feed_name", sorted(FEEDS))
def test_rejected_rows_keep_their_text_and_reason(
    feed_name: str, built_project: BuiltProject, duck: duckdb.DuckDBPyConnection
) -> None:
    feed = FEEDS[feed_name]
    landed = landed_csv(built_project.landing, feed.folder, feed.name)
    expected = sorted(
        (r[feed.checks[0][0]] or "", r[feed.value_column] or "", rejection_reason(feed, r) or "", r["ingest_date"])
        for r in landed
        if rejection_reason(feed, r) is not None
    )
    rows = duck.execute(
        f"select coalesce({feed.checks[0][0]}, ''), coalesce({feed.value_column}, ''), rejection_reason, ingest_date "
        f"from {relation_of(duck, feed.model + '_rejected')}"
    ).fetchall()
    assert sorted(rows) == expected


@pytest.mark.parametrize("feed_name", sorted(FEEDS))
def test_staged_values_are_the_latest_publication(
    feed_name: str, built_project: BuiltProject, duck: duckdb.DuckDBPyConnection
) -> None:
    feed = FEEDS[feed_name]
    landed = landed_csv(built_project.landing, feed.folder, feed.name)
    latest: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in (r for r in landed if rejection_reason(feed, r) is None):
        key, rank = feed.key(row), (parse_timestamp(row[feed.order_column]), row["ingest_date"])
        if key not in latest or rank > (parse_timestamp(latest[key][feed.order_column]), latest[key]["ingest_date"]):
            latest[key] = row
    scale = Decimal(feed.value_scale)
    expected = {k: (parse_decimal(r[feed.value_column]) or Decimal(0)).quantize(scale) for k, r in latest.items()}
    rows = duck.execute(
        f"select {feed.staged_key_sql}, {feed.value_sql} from {relation_of(duck, feed.model)}"
    ).fetchall()
    assert {tuple(r[:-1]): r[-1] for r in rows} == expected


def landed_reviews(landing: Path) -> list[dict[str, Any]]:
    docs = []
    for path in sorted((landing / "lake" / "catalog" / "product_reviews").glob("ingest_date=*/*.jsonl")):
        ingest = dt.date.fromisoformat(path.parent.name.split("=", 1)[1])
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                docs.append({**json.loads(line), "_ingest_date": ingest})
    assert docs, "no product reviews landed"
    return docs


def test_product_reviews_one_row_per_review_with_nested_properties(
    built_project: BuiltProject, duck: duckdb.DuckDBPyConnection
) -> None:
    docs = landed_reviews(built_project.landing)
    entity = built_project.manifest["entities"]["lake.product_reviews"]
    assert len(docs) == entity["rows"]
    latest: dict[str, dict[str, Any]] = {}
    for doc in docs:
        rank = (parse_timestamp(doc["submitted_at"]), doc["_ingest_date"])
        old = latest.get(doc["review_id"])
        if old is None or rank > (parse_timestamp(old["submitted_at"]), old["_ingest_date"]):
            latest[doc["review_id"]] = doc
    assert len(latest) == entity["distinct_keys"]

    def verified(doc: dict[str, Any]) -> int | None:
        reviewer = doc.get("reviewer")
        if not isinstance(reviewer, dict) or not isinstance(reviewer.get("verified_buyer"), bool):
            return None
        return int(reviewer["verified_buyer"])

    expected = {
        rid: (
            doc.get("customer_id"),
            doc.get("rating"),
            len(doc["body"]) if doc.get("body") is not None else None,
            parse_timestamp(doc["submitted_at"]),
            (doc.get("reviewer") or {}).get("display_name"),
            verified(doc),
            len(doc["tags"]) if isinstance(doc.get("tags"), list) else None,
        )
        for rid, doc in latest.items()
    }
    rows = duck.execute(
        "select review_id, customer_id, rating, body_length, submitted_at, reviewer_display_name, "
        f"is_verified_buyer, tag_count from {relation_of(duck, 'stg_lake_catalog__product_reviews')}"
    ).fetchall()
    assert {r[0]: tuple(r[1:]) for r in rows} == expected
    assert any(v[0] is None for v in expected.values()), "anonymous reviews (null customer_id) should occur"
