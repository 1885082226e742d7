"""Extending a zone, the ERP simulation builds only the documents with a version since the landing's window."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest

from esa.landing import contract, rand
from esa.landing.landed import ERP_REACH
from esa.landing.params import DAY, Params
from esa.landing.sales import poisson_classes
from esa.landing.timeline import rank_ids, rank_ids_window
from esa.landing.values import Frame, to_arrow
from esa.landing.world import build_world

P = Params(scale=0.02, days=100, seed=13, dirty=0.05)
OLD_DAYS = 90  # the zone being extended: since_s is its horizon minus ERP_REACH days (generator._ErpLanding)
SINCE_S = (P.start_day + OLD_DAYS - ERP_REACH) * DAY
# the tables the sales and supply builders window: each windowed frame is the whole frame's rows of its keys
# that have a version since SINCE_S, in the same order (the other tables may hold more, as the contract allows)
WINDOWED = ("customers", "customer_addresses", "customer_contacts", "sales_orders", "sales_order_lines",
            "shipments", "shipment_lines", "invoices", "invoice_lines", "payments", "credit_memos",
            "inventory_transactions")


def _keys_since(ent: contract.Entity, frame: Frame) -> np.ndarray:
    pk = np.asarray(frame[ent.primary_key[0]])
    return np.isin(pk, pk[np.asarray(frame["updated_at"]) >= SINCE_S])


def _rows(ent: contract.Entity, frame: Frame) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = to_arrow(ent, frame).filter(pa.array(_keys_since(ent, frame))).to_pylist()
    return rows


@pytest.fixture(scope="module")
def worlds() -> tuple[dict[str, Frame], dict[str, Frame]]:
    return build_world(P).erp, build_world(P, since_s=SINCE_S).erp


@pytest.mark.parametrize("ent", contract.ERP_TABLES, ids=lambda e: e.name)
def test_windowed_frames_hold_the_versions_of_the_keys_changed_since(
        ent: contract.Entity, worlds: tuple[dict[str, Frame], dict[str, Frame]]) -> None:
    """Every version (older ones too) of every key with a version since ``since_s``, the same values and ids as
    the whole-period simulation's, in its order: what the landing reads of an extension is unchanged."""
    whole, window = worlds[0][ent.name], worlds[1][ent.name]
    expected = _rows(ent, whole)
    assert _rows(ent, window) == expected
    if ent.name in WINDOWED:
        assert expected, "no version since the window: the comparison is vacuous"
        assert len(window["updated_at"]) == len(expected) < len(whole["updated_at"])
        assert to_arrow(ent, window).to_pylist() == expected


@pytest.mark.parametrize("lams", [(5.0, 2.2, 0.5), (12.0, 4.0, 0.4), (0.0, 40.0)])
def test_poisson_by_table_equals_rand_poisson(lams: tuple[float, ...]) -> None:
    ids = np.arange(1, 300_001, dtype=np.int64)
    cls = rand.integers(3, "test.cls", ids, 0, len(lams))
    drawn = poisson_classes(7, "test.poisson", ids, lams, cls)
    assert np.array_equal(drawn, rand.poisson(7, "test.poisson", ids, np.asarray(lams)[cls]))
    assert drawn.max() > drawn.min()


@pytest.mark.parametrize("share", [0.0, 0.01, 0.5, 1.0])
def test_rank_ids_window_gives_the_wanted_events_their_whole_period_ids(share: float) -> None:
    ids = np.arange(20_000, dtype=np.int64)
    times = rand.integers(5, "test.t", ids, 0, 3_000)  # many ties: the tiebreak orders them
    tiebreak = rand.integers(5, "test.tb", ids, 0, 10**9)
    wanted = rand.uniform(5, "test.w", ids) < share
    pos, got = rank_ids_window(times, tiebreak, 2_900, wanted)
    all_pos, all_ids = rank_ids(times, tiebreak, 2_900)
    mine = wanted[all_pos]
    assert np.array_equal(pos, all_pos[mine]) and np.array_equal(got, all_ids[mine])
    assert (len(got) > 0) == (share > 0)
