"""Extending a zone, the ERP simulation builds only the documents with a version since the landing's window."""

from __future__ import annotations

from typing import Any
from unittest import mock

import numpy as np
import pyarrow as pa
import pytest

from esa.landing import contract, ledger, rand, sales
from esa.landing.landed import ERP_REACH
from esa.landing.params import DAY, Params
from esa.landing.reference import Reference
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
            "inventory_transactions", "gl_journal_entries", "gl_journal_lines")


def _keys_since(ent: contract.Entity, frame: Frame) -> np.ndarray:
    pk = np.asarray(frame[ent.primary_key[0]])
    return np.isin(pk, pk[np.asarray(frame["updated_at"]) >= SINCE_S])


def _rows(ent: contract.Entity, frame: Frame) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = to_arrow(ent, frame).filter(pa.array(_keys_since(ent, frame))).to_pylist()
    return rows


Postings = dict[str, dict[str, np.ndarray]]
POSTINGS: list[Postings] = []  # what the general ledger was given: the whole period's, then the windowed ones


def _build(since_s: int | None = None, postings: list[Postings] = POSTINGS) -> dict[str, Frame]:
    """The ERP frames of P; the postings the ledger sums are appended to ``postings``."""
    build_gl = ledger.build_gl

    def recording(p: Params, ref: Reference, given: Postings, since: int | None = None) -> tuple[Frame, Frame]:
        postings.append({kind: dict(post) for kind, post in given.items()})
        return build_gl(p, ref, given, since)

    with mock.patch.object(ledger, "build_gl", recording):
        return build_world(P, since_s=since_s).erp


@pytest.fixture(scope="module")
def worlds() -> tuple[dict[str, Frame], dict[str, Frame]]:
    POSTINGS.clear()
    return _build(), _build(SINCE_S)


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


def _day_sums(post: dict[str, np.ndarray], comp: str) -> np.ndarray:
    at = post["at"]
    day = at // DAY - P.start_day
    ok = (at < P.horizon_s) & (day >= 0)
    return np.bincount(day[ok], weights=post[comp][ok], minlength=P.days)


def test_windowed_ledger_amounts_are_exact_in_the_window_and_bounds_before_it(
        worlds: tuple[dict[str, Frame], dict[str, Frame]]) -> None:
    """Windowed, the order lines' values are computed only for the orders that need them: the ledger's postings
    of the window's days are the whole period's, and before them each document's amount is at most the whole
    period's and at least 0, so every day's sum is 0 exactly when the whole period's is (the journal line ids
    count the lines whose sum is not 0)."""
    whole, window = POSTINGS[-2:]
    assert whole.keys() == window.keys()
    first_s = SINCE_S // DAY * DAY
    bounded = 0
    for kind, post in whole.items():
        other = window[kind]
        assert np.array_equal(post["at"], other["at"]), kind
        in_window = (post["at"] >= first_s) & (post["at"] < P.horizon_s)
        for comp in ("amount", "net", "tax"):
            if comp not in post:
                continue
            exact, got = post[comp], other[comp]
            assert np.array_equal(exact[in_window], got[in_window]), (kind, comp)
            differ = got != exact  # bounds: at least 0, at most the amount, of a kind whose amounts are >= 0
            if differ.any():
                assert (exact >= 0).all() and (got[differ] >= 0).all() and (got <= exact).all(), (kind, comp)
            assert np.array_equal(_day_sums(post, comp) == 0, _day_sums(other, comp) == 0), (kind, comp)
            bounded += int(differ.sum())
    assert bounded, "no amount was bounded: the windowed path computed every line"


@pytest.mark.parametrize("kind", ["invoice", "payment", "cogs"])
def test_a_day_the_bounds_cannot_decide_is_computed_exactly(kind: str, monkeypatch: pytest.MonkeyPatch,
                                                            worlds: tuple[dict[str, Frame], dict[str, Frame]]) -> None:
    """Bounds of 0 for one kind of posting decide none of its days: each of its documents before the horizon is
    computed exactly, and the general ledger (ids, lines left out, amounts) is the whole period's."""
    if kind == "cogs":
        init = sales._EarlyBounds.__init__

        def no_cost(self: sales._EarlyBounds, *args: Any) -> None:
            init(self, *args)
            self.cogs = 0

        monkeypatch.setattr(sales._EarlyBounds, "__init__", no_cost)
    else:
        bound = getattr(sales._EarlyBounds, kind)

        def zero(self: sales._EarlyBounds, *args: Any) -> Any:
            got = bound(self, *args)
            return tuple(np.zeros_like(b) for b in got) if isinstance(got, tuple) else np.zeros_like(got)

        monkeypatch.setattr(sales._EarlyBounds, kind, zero)
    postings: list[Postings] = []
    window = _build(SINCE_S, postings)
    post, got = POSTINGS[0][kind], postings[0][kind]
    landed = post["at"] < P.horizon_s
    for comp in ("amount", "net", "tax"):
        if comp in post:
            assert np.array_equal(post[comp][landed], got[comp][landed]), comp
    for name in ("gl_journal_entries", "gl_journal_lines"):
        ent = contract.entity("erp", name)
        assert _rows(ent, window[name]) == _rows(ent, worlds[0][name])
