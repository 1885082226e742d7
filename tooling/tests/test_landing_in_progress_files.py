"""Readers ignore files that have not finished landing (names starting with `_` or `.`).

The landing contract says a producer writes a file under a temporary name that starts with `_` or
`.` and renames it when complete. On a copy of the session's landing zone this test plants, for a
lake parquet extract, a Cosmos container, a Cosmos live_ids export, a CSV feed and a JSON-lines
feed:

* a complete next-day file still under its temporary name (`<partition>=<next day>/_part-00000.*`,
  rows with new keys, so it would add rows if it were read; for live_ids it lists one id only, so
  it would mark every other ticket deleted);
* a half-written file (`.part-00001.*`, the first half of a real file's bytes) in the latest partition.

A naive glob of each folder sees the planted files (the control: they would change or break the
build), then `dbt run` of the staging models that read them gives exactly the session build's rows.
Cost: a copy of the zone and one `dbt run` of four staging models (73 s measured on the loaded
machine, mostly dbt's parse).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from conftest import BuiltProject, dbt_env, read_model_rows, run_dbt

# (folder under the landing root, partition column, extension, model that reads it, key column, key kind)
PLANTED = (
    ("lake/erp/customers", "ingest_date", "parquet", "stg_lake_erp__customer_versions", "customer_id", "int"),
    ("cosmos/support_tickets/changes", "ts_date", "parquet", "stg_cosmos__support_tickets", "id", "text"),
    ("cosmos/support_tickets/live_ids", "export_date", "parquet", "stg_cosmos__support_tickets", "id", "text"),
    ("lake/finance/exchange_rates", "ingest_date", "csv", "stg_lake_finance__exchange_rates", "to_currency", "text"),
    ("lake/catalog/product_reviews", "ingest_date", "jsonl", "stg_lake_catalog__product_reviews", "review_id", "text"),
)
MODELS = sorted({planted[3] for planted in PLANTED})
BASE_VIEWS = ["base_cosmos__support_tickets"]  # stg_cosmos__support_tickets reads it: built, not compared


def latest_partition(folder: Path, column: str) -> Path:
    partitions = sorted(p for p in folder.glob(f"{column}=*") if p.is_dir())
    assert partitions, f"no {column} partitions under {folder}"
    return partitions[-1]


def next_partition(latest: Path, column: str) -> Path:
    day = dt.date.fromisoformat(latest.name.split("=", 1)[1]) + dt.timedelta(days=1)
    return latest.parent / f"{column}={day.isoformat()}"


def write_next_day_file(source: Path, target: Path, ext: str, key: str, kind: str, live_ids: bool) -> None:
    """A complete file whose rows have keys the zone does not hold, under a temporary name."""
    con = duckdb.connect()
    try:
        if ext == "parquet":
            changed = f"{key} + 900000000" if kind == "int" else f"'in-progress-' || {key}"
            limit = "limit 1" if live_ids else ""
            con.execute(
                f"copy (select * replace ({changed} as {key}) from read_parquet('{source}', hive_partitioning = false)"
                f" {limit}) to '{target}' (format parquet)"
            )
        elif ext == "csv":
            con.execute(
                f"copy (select * replace ('XTS' as {key}) from read_csv('{source}', header = true, all_varchar = true,"
                f" hive_partitioning = false)) to '{target}' (format csv, header true)"
            )
        else:
            lines = [json.loads(line) for line in source.read_text().splitlines() if line.strip()]
            for document in lines:
                document[key] = f"in-progress-{document[key]}"
            target.write_text("".join(json.dumps(document) + "\n" for document in lines))
    finally:
        con.close()


def latest_file_with_rows(folder: Path, column: str, ext: str) -> Path:
    """The file of the latest partition that holds rows (a day can land an empty file)."""
    for partition in sorted((p for p in folder.glob(f"{column}=*") if p.is_dir()), reverse=True):
        path = partition / f"part-00000.{ext}"
        if ext == "parquet" and pq.ParquetFile(path).metadata.num_rows > 0:
            return path
        if ext != "parquet" and len(path.read_text().splitlines()) > (1 if ext == "csv" else 0):
            return path
    raise AssertionError(f"no rows under {folder}")


def plant(zone: Path) -> None:
    """Plant a complete next-day file under a temporary name and a half-written file in every feed."""
    for folder_name, column, ext, _model, key, kind in PLANTED:
        folder = zone / folder_name
        source = latest_file_with_rows(folder, column, ext)
        next_day = next_partition(latest_partition(folder, column), column)
        next_day.mkdir()
        write_next_day_file(source, next_day / f"_part-00000.{ext}", ext, key, kind, folder_name.endswith("live_ids"))
        data = source.read_bytes()
        (source.parent / f".part-00001.{ext}").write_bytes(data[: len(data) // 2])


def count_rows(folder: Path, ext: str, glob: str) -> int:
    reader = {"parquet": "read_parquet", "csv": "read_csv", "jsonl": "read_json_objects"}[ext]
    con = duckdb.connect()
    try:
        found = con.execute(f"select count(*) from {reader}('{folder}/{glob}.{ext}')").fetchone()
    finally:
        con.close()
    assert found is not None
    return int(found[0])


@pytest.fixture(scope="module")
def zone_with_in_progress_files(built_project: BuiltProject, tmp_path_factory: pytest.TempPathFactory) -> Path:
    zone = tmp_path_factory.mktemp("in_progress") / "landing"
    shutil.copytree(built_project.landing, zone)
    plant(zone)
    return zone


def test_a_naive_glob_sees_the_planted_files(zone_with_in_progress_files: Path) -> None:
    """The control: a `*` glob finds every planted file, and reading them fails or changes the rows."""
    for folder_name, _column, ext, *_ in PLANTED:
        folder = zone_with_in_progress_files / folder_name
        hidden = sorted(p.name for p in folder.glob(f"*/*.{ext}") if p.name.startswith(("_", ".")))
        assert hidden == [f".part-00001.{ext}", f"_part-00000.{ext}"], (folder_name, hidden)
        clean = count_rows(folder, ext, "[!._]*/[!._]*")
        try:
            naive: int | None = count_rows(folder, ext, "*/*")
        except duckdb.Error:
            naive = None  # the half-written file breaks the read
        assert naive != clean, folder_name


def test_in_progress_files_do_not_change_the_build(
    zone_with_in_progress_files: Path, built_project: BuiltProject, tmp_path_factory: pytest.TempPathFactory
) -> None:
    work = tmp_path_factory.mktemp("in_progress_dbt")
    env = dbt_env(zone_with_in_progress_files, work / "esa.duckdb", work / "target")
    result = run_dbt(["run", "--target", "local", "--select", *MODELS, *BASE_VIEWS], env, built_project.profiles_dir)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    for model in MODELS:
        built = read_model_rows(built_project.duckdb_path, model)
        assert built, f"{model} is empty in the session build"
        assert read_model_rows(work / "esa.duckdb", model) == built, model
