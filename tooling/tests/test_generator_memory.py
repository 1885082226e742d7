"""What keeps the generator's memory down without changing a byte (docs/benchmarks.md, "Bottlenecks found", 17)."""

from __future__ import annotations

import datetime as dt

import numpy as np

from esa.landing import contract
from esa.landing.landed import land_erp_table
from esa.landing.params import DAY, Params
from esa.landing.world import build_world

# after 2038-01-19, when epoch seconds pass 2**31: the landing's narrow plan (int32 partitions) must not leak
# into the values computed from it
FAR = Params(scale=0.005, days=12, seed=3, dirty=0.2, start=dt.date(2101, 3, 1))


def test_the_narrow_landing_plan_still_stamps_late_dates_exactly() -> None:
    """land_erp_table keeps its per-row plan in int32 / int8 (the landing's memory); the rows it builds must
    still carry 64-bit arrival stamps: a partition day kept in int32 times 86,400 overflows after 2038."""
    ent = contract.entity("lake", "sales_orders")
    versions = build_world(FAR).erp["sales_orders"]
    landed = land_erp_table(FAR, ent, versions)
    frame, day = landed.build(None)
    assert day.dtype == np.int64 and len(day) == int(landed.counts.sum()) > 100
    batch = np.asarray([int(text[-2:]) for text in frame["_batch_id"].to_pylist()])
    assert set(batch.tolist()) == {1, 2}  # dirty 0.2: duplicates from a re-run batch too
    expected = [(FAR.start_day + int(d) + 1) * DAY + (30 * 60 if b == 1 else 3 * 3600)
                for d, b in zip(day, batch, strict=True)]
    assert np.asarray(frame["_extracted_at"]).tolist() == expected
    assert min(expected) > 2**31
    dates = {(FAR.start + dt.timedelta(days=int(d))).strftime("%Y%m%d") for d in day}
    assert {text[4:12] for text in frame["_batch_id"].to_pylist()} == dates
