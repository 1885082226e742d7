"""The generator's streaming properties: a longer run extends a shorter one, and the ERP is landed table by table."""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa
import pytest

from esa.landing import contract
from esa.landing.generator import LIVE_IDS
from esa.landing.landed import ERP_REACH, land_container, land_erp_table
from esa.landing.params import DAY, Params
from esa.landing.values import Frame, to_arrow
from esa.landing.world import FILE_FEEDS, build_world

SHORT = Params(scale=0.01, days=40, seed=11, dirty=0.05)
LONG = Params(scale=SHORT.scale, days=95, seed=SHORT.seed, dirty=SHORT.dirty)


def _rows_before(ent: contract.Entity, frame: Frame, horizon_s: int) -> list[tuple[object, ...]]:
    table = to_arrow(ent, frame)
    keep = np.asarray(frame["updated_at"]) < horizon_s
    rows = table.filter(pa.array(keep)).to_pylist()
    return sorted((tuple(r.values()) for r in rows), key=repr)


# seed 20: an employee leaves 10 days after SHORT's horizon (a version recorded ahead of its day would be missing
# from the shorter run)
@pytest.mark.parametrize("seed", [SHORT.seed, 20])
def test_a_longer_run_keeps_every_row_version_of_a_shorter_one(seed: int) -> None:
    """Extending a zone lands only the new days, so every ERP row version (ids included) that happened before the
    shorter horizon must be the same in the longer run; an id numbered by anything but time breaks this."""
    short_p, long_p = (Params(scale=q.scale, days=q.days, seed=seed, dirty=q.dirty) for q in (SHORT, LONG))
    short, long = build_world(short_p), build_world(long_p)
    assert set(short.erp) == set(long.erp) == {ent.name for ent in contract.ERP_TABLES}
    grown = 0
    for ent in contract.ERP_TABLES:
        before = _rows_before(ent, short.erp[ent.name], short_p.horizon_s)
        assert before == _rows_before(ent, long.erp[ent.name], short_p.horizon_s), ent.name
        grown += len(long.erp[ent.name]["updated_at"]) > len(before)
    assert grown >= 20  # most tables have rows after the shorter horizon: the comparison is not vacuous


def test_the_erp_tables_are_emitted_one_at_a_time() -> None:
    """build_world hands each ERP table to ``emit`` as soon as it is built, exactly once (the generator lands and
    drops it there, so the tables' versions are never all in memory at once)."""
    seen: list[str] = []
    world = build_world(SHORT, emit=lambda name, frame: seen.append(name))
    assert sorted(seen) == sorted(ent.name for ent in contract.ERP_TABLES)
    assert world.erp == {}


def test_landing_only_the_new_partitions_gives_their_rows_and_the_figures_of_the_whole() -> None:
    """Extending a zone lands each ERP table from the first new partition on (land_erp_table's ``from_day``): the
    new partitions' rows are those of a landing of the whole period, and the shorter zone's figures plus the new
    partitions' (rows, dirt, new keys and versions) are the whole period's, as the manifest needs them."""
    short, long = build_world(SHORT), build_world(LONG)
    new = np.arange(LONG.days) >= SHORT.days
    crossing = {"late": 0, "duplicate": 0, "keys": 0, "old_keys": 0}
    for ent in contract.LAKE_ENTITIES:
        if ent.name not in long.erp:
            continue
        whole = land_erp_table(LONG, ent, long.erp[ent.name])
        before = land_erp_table(SHORT, ent, short.erp[ent.name])
        since = land_erp_table(LONG, ent, long.erp[ent.name], SHORT.days)
        assert since.counts[: SHORT.days].sum() == 0, ent.name
        assert np.array_equal(since.counts[SHORT.days:], whole.counts[SHORT.days:]), ent.name
        (rows, day), (rows_whole, day_whole) = since.build(new), whole.build(new)
        assert np.array_equal(day, day_whole), ent.name
        assert to_arrow(ent, rows).equals(to_arrow(ent, rows_whole)), ent.name
        for variant, n in whole.dirty.items():
            assert before.dirty[variant] + since.dirty[variant] == n, (ent.name, variant)
        assert before.distinct_keys + since.distinct_keys == whole.distinct_keys, ent.name
        assert before.distinct_versions + since.distinct_versions == whole.distinct_versions, ent.name
        crossing["late"] += since.dirty["late"]
        crossing["duplicate"] += since.dirty["duplicate"]
        crossing["keys"] += since.distinct_keys
        crossing["old_keys"] += len(np.unique(np.asarray(rows[ent.primary_key[0]]))) - since.distinct_keys
    # not vacuous: late rows and duplicates reach the new partitions, which hold new keys and new versions of old ones
    assert min(crossing.values()) > 0, crossing
    with pytest.raises(ValueError, match="from_day"):
        land_erp_table(LONG, contract.LAKE_ENTITIES[0], long.erp[contract.LAKE_ENTITIES[0].name], ERP_REACH)


def test_cosmos_documents_are_built_for_the_versions_asked_only() -> None:
    """The Cosmos builders give the properties of any set of versions on demand (an extension builds only the
    versions of its new partitions): a subset, in any order, equals the same rows of the whole."""
    world = build_world(LONG)
    world.rest(lambda _: None, {})
    rng = np.random.default_rng(3)
    for name, docs in world.docs.items():
        n = len(docs.ts)
        whole = to_arrow(contract.entity("cosmos", name), {**docs.take(np.arange(n)), **_system(n)})
        sel = rng.choice(n, size=min(n, 50), replace=False)
        part = to_arrow(contract.entity("cosmos", name), {**docs.take(sel), **_system(len(sel))})
        assert n > 50 and part.equals(whole.take(pa.array(sel))), name
        assert docs.id_column().take(pa.array(sel)).equals(part.column("id").combine_chunks()), name


def _system(n: int) -> dict[str, Any]:
    """Placeholder system columns (the builders give the contract properties only)."""
    return {"_ts": np.zeros(n, np.int64), "_etag": pa.nulls(n, pa.string()), "_rid": pa.nulls(n, pa.string())}


def test_landing_the_new_cosmos_partitions_gives_their_rows_and_the_figures_of_the_whole() -> None:
    """Extending a zone lands each Cosmos document container from the first new partition on (land_container's
    ``from_day``): the new partitions' rows and the live_ids export are those of a landing of the whole period,
    and the shorter zone's figures plus the new partitions' are the whole period's, as the manifest needs them."""
    short, long = build_world(SHORT), build_world(LONG)
    short.rest(lambda _: None, {})
    long.rest(lambda _: None, {})
    new = np.arange(LONG.days) >= SHORT.days
    crossing = {"duplicate": 0, "deleted": 0, "keys": 0, "old_keys": 0}
    for name, docs in long.docs.items():
        ent = contract.entity("cosmos", name)
        whole = land_container(LONG, ent, docs)
        before = land_container(SHORT, ent, short.docs[name])
        since = land_container(LONG, ent, docs, from_day=SHORT.days)
        assert since.counts[: SHORT.days].sum() == 0, name
        assert np.array_equal(since.counts[SHORT.days:], whole.counts[SHORT.days:]), name
        (rows, day), (rows_whole, day_whole) = since.build(new), whole.build(new)
        assert np.array_equal(day, day_whole), name
        assert to_arrow(ent, rows).equals(to_arrow(ent, rows_whole)), name
        assert whole.dirty.keys() == since.dirty.keys() == before.dirty.keys(), name
        for variant, n in whole.dirty.items():
            assert before.dirty[variant] + since.dirty[variant] == n, (name, variant)
        assert before.distinct_keys + since.distinct_keys == whole.distinct_keys, name
        assert before.distinct_versions + since.distinct_versions == whole.distinct_versions, name
        if whole.live_ids is not None:
            assert since.live_ids is not None
            assert to_arrow(LIVE_IDS, since.live_ids).equals(to_arrow(LIVE_IDS, whole.live_ids)), name
        crossing["duplicate"] += since.dirty["duplicate"]
        crossing["deleted"] += since.dirty.get("deleted", 0)
        crossing["keys"] += since.distinct_keys
        crossing["old_keys"] += len(np.unique(np.asarray(rows["id"]))) - since.distinct_keys
    # not vacuous: duplicates and deletions reach the new partitions, which hold new documents and old ones' versions
    assert min(crossing.values()) > 0, crossing
    with pytest.raises(ValueError, match="from_day"):
        land_container(LONG, contract.entity("cosmos", "app_users"), long.docs["app_users"], from_day=1)


def test_building_the_new_lake_feed_partitions_gives_their_rows_and_the_figures_of_the_whole() -> None:
    """Extending a zone builds each lake file feed from the first new partition on (``feed_from``): the new
    partitions' rows are those of the whole period, and the shorter zone's figures plus theirs are the whole's.
    The boundary is a day whose first partition holds the duplicate of a review of the day before (not edited
    later: only the duplicate brings it into the new partitions)."""
    long = build_world(LONG)
    long.rest(lambda _: None, {})
    reviews = long.files["product_reviews"].partitions
    edited = {i for d in range(LONG.days) for i, ts, _ in reviews[d] if ts // DAY - LONG.start_day not in (d, d - 1)}
    boundary = next(d for d in range(2, LONG.days)
                    if any(ts // DAY - LONG.start_day == d - 1 and i not in edited for i, ts, _ in reviews[d]))
    short_p = Params(scale=LONG.scale, days=boundary, seed=LONG.seed, dirty=LONG.dirty)
    short, since = build_world(short_p), build_world(LONG)
    short.rest(lambda _: None, {})
    since.rest(lambda _: None, dict.fromkeys(FILE_FEEDS, boundary))
    crossing: dict[str, int] = {}
    for name in FILE_FEEDS:
        whole, before, new = long.files[name], short.files[name], since.files[name]
        assert all(not new.partitions[d] for d in range(boundary)), name
        for d in range(boundary, LONG.days):
            assert new.rows(d) == whole.rows(d), (name, d)
        for figures in ("dirty", "extra"):
            got, before_f, whole_f = getattr(new, figures), getattr(before, figures), getattr(whole, figures)
            assert got.keys() == before_f.keys() == whole_f.keys(), (name, figures)
            assert {k: before_f[k] + n for k, n in got.items()} == whole_f, (name, figures)
            crossing.update({f"{name}.{k}": n for k, n in got.items()})
        assert before.distinct_keys + new.distinct_keys == whole.distinct_keys, name
    # not vacuous: dirt, corrections and review edits land in the new partitions
    assert min(crossing.values()) > 0, crossing
