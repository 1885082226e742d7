"""The generator's streaming properties: a longer run extends a shorter one, and the ERP is landed table by table."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from esa.landing import contract
from esa.landing.params import Params
from esa.landing.values import Frame, to_arrow
from esa.landing.world import build_world

SHORT = Params(scale=0.01, days=40, seed=11, dirty=0.05)
LONG = Params(scale=SHORT.scale, days=95, seed=SHORT.seed, dirty=SHORT.dirty)


def _rows_before(ent: contract.Entity, frame: Frame, horizon_s: int) -> list[tuple[object, ...]]:
    table = to_arrow(ent, frame)
    keep = np.asarray(frame["updated_at"]) < horizon_s
    rows = table.filter(pa.array(keep)).to_pylist()
    return sorted((tuple(r.values()) for r in rows), key=repr)


def test_a_longer_run_keeps_every_row_version_of_a_shorter_one() -> None:
    """Extending a zone lands only the new days, so every ERP row version (ids included) that happened before the
    shorter horizon must be the same in the longer run; an id numbered by anything but time breaks this."""
    short, long = build_world(SHORT), build_world(LONG)
    assert set(short.erp) == set(long.erp) == {ent.name for ent in contract.ERP_TABLES}
    grown = 0
    for ent in contract.ERP_TABLES:
        before = _rows_before(ent, short.erp[ent.name], SHORT.horizon_s)
        assert before == _rows_before(ent, long.erp[ent.name], SHORT.horizon_s), ent.name
        grown += len(long.erp[ent.name]["updated_at"]) > len(before)
    assert grown >= 20  # most tables have rows after the shorter horizon: the comparison is not vacuous


def test_the_erp_tables_are_emitted_one_at_a_time() -> None:
    """build_world hands each ERP table to ``emit`` as soon as it is built, exactly once (the generator lands and
    drops it there, so the tables' versions are never all in memory at once)."""
    seen: list[str] = []
    world = build_world(SHORT, emit=lambda name, frame: seen.append(name))
    assert sorted(seen) == sorted(ent.name for ent in contract.ERP_TABLES)
    assert world.erp == {}
