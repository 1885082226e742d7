"""The arrival marker `_landed_at` (docs/landing_contract.md): written into every lake and Cosmos file.

* on time, the partition of day D landed at D+1 07:00 UTC, on every row of the file;
* a partition missing when later days landed is filled in by the next run as a late landing: its
  `_landed_at` is later than its date and than every partition that landed before it;
* CSV and JSON lines carry it as ISO 8601 text, parquet as a timestamp.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb
import pytest

from esa.landing import contract
from esa.landing.generator import generate
from esa.landing.params import Params
from esa.landing.writers import partition_path

BASE = Params(scale=0.005, days=6, seed=11, dirty=0.05)
# a feed of each format whose late partition must hold rows (so the check is not vacuous)
NOT_EMPTY = {"sales_order_lines", "exchange_rates", "marketing_spend", "interaction_events", "app_sessions"}
LATE_DAY = 2  # index of the day whose partitions land late


def _landed(path: Path, ent: contract.Entity) -> set[dt.datetime]:
    """The distinct `_landed_at` values of one partition file (empty for a file without rows)."""
    if ent.format == "parquet":
        con = duckdb.connect()
        try:
            rows = con.execute(f"select distinct {contract.LANDED_AT} from read_parquet(?)", [str(path)]).fetchall()
        finally:
            con.close()
        return {r[0] for r in rows}
    if ent.format == "csv":
        lines = path.read_text(encoding="utf-8").splitlines()
        assert lines[0].split(",")[-1] == contract.LANDED_AT
        texts = {line.rsplit(",", 1)[1] for line in lines[1:]}
    else:
        docs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        assert all(list(doc)[-1] == contract.LANDED_AT for doc in docs)
        texts = {doc[contract.LANDED_AT] for doc in docs}
    return {dt.datetime.strptime(t, "%Y-%m-%dT%H:%M:%SZ") for t in texts}


@pytest.fixture(scope="module")
def zone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """BASE landed, day LATE_DAY of every lake and Cosmos entity removed, then one more day landed."""
    out = tmp_path_factory.mktemp("arrival")
    generate(out, BASE)
    for ent in (*contract.LAKE_ENTITIES, *contract.COSMOS_CONTAINERS):
        partition_path(out, ent, BASE.date(LATE_DAY).isoformat()).unlink()
    generate(out, Params(scale=BASE.scale, days=BASE.days + 1, seed=BASE.seed, dirty=BASE.dirty))
    return out


@pytest.mark.parametrize("ent", (*contract.LAKE_ENTITIES, *contract.COSMOS_CONTAINERS),
                         ids=lambda e: f"{e.area}.{e.name}")
def test_every_file_carries_when_it_landed(zone: Path, ent: contract.Entity) -> None:
    assert ent.columns[-1].name == contract.LANDED_AT
    assert ent.columns[-1].type == ("timestamp" if ent.format == "parquet" else "varchar")
    last_day = BASE.date(BASE.days)  # the extending run's last day
    catch_up = dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time(8))
    late_rows = False
    for d in range(BASE.days + 1):
        day = BASE.date(d)
        landed = _landed(partition_path(zone, ent, day.isoformat()), ent)
        if d == LATE_DAY:
            late_rows = bool(landed)
            # late: the catch-up run wrote it, after every partition that landed on time
            assert landed <= {catch_up}, (day, landed)
        else:
            assert landed <= {dt.datetime.combine(day + dt.timedelta(days=1), dt.time(7))}, (day, landed)
    assert late_rows or ent.name not in NOT_EMPTY, f"{ent.name}: the late partition holds no rows"
