"""Builds what happens in a run, in dependency order, before it is written (app activity streams by day)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np

from esa.landing import cosmos, ledger, sales, supply
from esa.landing.fx import fx_daily
from esa.landing.lake_files import FileFeed, exchange_rates, marketing_spend, product_reviews
from esa.landing.params import Params
from esa.landing.reference import Reference, build_reference
from esa.landing.values import Frame


@dataclass
class World:
    ref: Reference
    # simulates the documents and files below (see build_world)
    rest: Callable[[Callable[[str], None], Mapping[str, int]], None]
    files: dict[str, FileFeed] = field(default_factory=dict)  # lake file feed -> partitions
    docs: dict[str, cosmos.Docs] = field(default_factory=dict)  # Cosmos container -> versions (not app activity)
    users: cosmos.Users | None = None
    erp: dict[str, Frame] = field(default_factory=dict)  # ERP table -> versions, when built without ``emit``


STEPS = 4  # the calls of ``step`` in build_world
REST_STEPS = 2  # the calls of ``step`` in World.rest
# the lake feeds World.rest builds: name -> builder(p, fx, ref, sales, from_day) (lake_files)
FEED_BUILDERS: dict[str, Callable[[Params, np.ndarray, Reference, sales.Sales, int], FileFeed]] = {
    "exchange_rates": lambda p, fx, ref, s, from_day: exchange_rates(p, fx, from_day),
    "marketing_spend": lambda p, fx, ref, s, from_day: marketing_spend(p, from_day),
    "product_reviews": lambda p, fx, ref, s, from_day: product_reviews(p, ref, s, from_day),
}
FILE_FEEDS = tuple(FEED_BUILDERS)


def build_world(p: Params, step: Callable[[str], None] = lambda _: None,
                emit: Callable[[str, Frame], None] | None = None, since_s: int | None = None) -> World:
    """The ERP simulation of the whole period; ``step`` is called after each of its :data:`STEPS` parts.

    ``since_s`` (extending a zone): what the caller lands is only the versions at or after ``since_s`` (the
    catalog's changed rows and the lake's new partitions, see generator._ErpLanding). A builder may then emit,
    for each ERP table, only the versions of the keys that have at least one version at or after ``since_s``
    (every version of such a key, the older ones too: the landing tells new keys from old by them). Emitting
    more is always allowed, so each builder windows its own tables, or not. None: every version.

    Each ERP table's versions go to ``emit`` as soon as they are built (the generator lands them and
    drops them, so only one table's versions are in memory at a time); without ``emit`` they are
    collected in ``world.erp``. The Cosmos documents and lake files come later, from
    ``world.rest(step)``, once the ERP tables are landed and freed.
    """
    collected: dict[str, Frame] = {}
    sink = emit if emit is not None else collected.__setitem__
    ref = build_reference(p)
    for name, frame in ref.frames.items():
        sink(name, frame)
    fx = fx_daily(p)
    s = sales.Sales(emit=sink, since_s=since_s)
    sales.build_customers(p, ref, s)
    step("customers")
    sales.build_orders(p, ref, s, fx)
    sales.build_returns(p, ref, s, fx)
    sales.drop_details(s)
    step("order to cash")
    sup = supply.Supply(emit=sink)
    receipts = supply.build_procurement(p, ref, fx, sup)
    supply.build_inventory(p, ref, s, receipts, sup)
    del receipts
    s.ship_moves, s.return_moves = {}, {}  # the inventory's only
    step("procurement and inventory")
    postings = {**s.postings, **sup.postings}
    s.postings, sup.postings = {}, {}
    sink("fiscal_periods", ledger.build_fiscal_periods(p))
    sink("gl_accounts", ledger.build_accounts(p))
    entries, lines = ledger.build_gl(p, ref, postings, since_s)
    del postings
    sink("gl_journal_entries", entries)
    sink("gl_journal_lines", lines)
    del entries, lines
    step("general ledger")

    def rest(step: Callable[[str], None], feed_from: Mapping[str, int] = MappingProxyType({})) -> None:
        """``feed_from``: a lake feed's first partition to build (lake_files; 0, the default: all)."""
        users = cosmos.build_app_users(p, s)
        tickets = cosmos.build_tickets(p, ref, s, users)
        world.docs.update({
            "support_tickets": tickets.docs,
            "app_users": users.docs,
            "survey_responses": cosmos.build_surveys(p, s, users, tickets),
            "return_requests": cosmos.build_returns(p, s),
        })
        world.users = users
        step("Cosmos documents")
        world.files.update({name: build(p, fx, ref, s, feed_from.get(name, 0))
                            for name, build in FEED_BUILDERS.items()})
        step("lake files")

    world = World(ref, rest, erp=collected)
    return world
