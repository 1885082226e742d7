"""Builds what happens in a run, in dependency order, before it is written (app activity streams by day)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from esa.landing import cosmos, ledger, sales, supply
from esa.landing.fx import fx_daily
from esa.landing.lake_files import FileFeed, exchange_rates, marketing_spend, product_reviews
from esa.landing.params import Params
from esa.landing.reference import Reference, build_reference
from esa.landing.values import Frame


@dataclass
class World:
    erp: dict[str, Frame]  # ERP table -> all row versions before the horizon
    ref: Reference
    rest: Callable[[Callable[[str], None]], None]  # simulates the documents and files below (see build_world)
    files: dict[str, FileFeed] = field(default_factory=dict)  # lake file feed -> partitions
    docs: dict[str, cosmos.Docs] = field(default_factory=dict)  # Cosmos container -> versions (not app activity)
    users: cosmos.Users | None = None


STEPS = 4  # the calls of ``step`` in build_world
REST_STEPS = 2  # the calls of ``step`` in World.rest


def build_world(p: Params, step: Callable[[str], None] = lambda _: None) -> World:
    """The ERP simulation of the whole period; ``step`` is called after each of its :data:`STEPS` parts.

    The Cosmos documents and lake files come later, from ``world.rest(step)``, so the ERP versions can be
    landed and freed before they are built (the two are never in memory at once).
    """
    ref = build_reference(p)
    fx = fx_daily(p)
    s = sales.Sales()
    sales.build_customers(p, ref, s)
    step("customers")
    sales.build_orders(p, ref, s, fx)
    sales.build_returns(p, ref, s, fx)
    step("order to cash")
    sup = supply.Supply()
    receipts = supply.build_procurement(p, ref, fx, sup)
    supply.build_inventory(p, ref, s, receipts, sup)
    step("procurement and inventory")
    postings = {**s.postings, **sup.postings}
    entries, lines = ledger.build_gl(p, ref, postings)
    step("general ledger")
    erp: dict[str, Frame] = {}
    erp.update(ref.frames)
    erp.update(s.frames)
    erp.update(sup.frames)
    erp["fiscal_periods"] = ledger.build_fiscal_periods(p)
    erp["gl_accounts"] = ledger.build_accounts(p)
    erp["gl_journal_entries"] = entries
    erp["gl_journal_lines"] = lines
    s.frames, sup.frames, s.postings, sup.postings = {}, {}, {}, {}  # the world's erp holds the only reference
    del postings, entries, lines, receipts

    def rest(step: Callable[[str], None]) -> None:
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
        world.files.update({
            "exchange_rates": exchange_rates(p, fx),
            "marketing_spend": marketing_spend(p),
            "product_reviews": product_reviews(p, ref, s),
        })
        step("lake files")

    world = World(erp, ref, rest)
    return world
