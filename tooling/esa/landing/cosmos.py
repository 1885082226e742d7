"""The customer-service apps' Cosmos DB containers, as document versions.

Each builder returns a :class:`Docs`: one row per document version (contract properties, ``id``),
the version's ``_ts``, a numeric document key, and the document's deletion time. Landing them as
changes partitions and live_ids (and the dirt) is cosmos_land's job.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from esa.landing import rand
from esa.landing.params import DAY, Params
from esa.landing.reference import COUNTRIES, SEGMENTS, SUPPORT_TEAMS, Reference
from esa.landing.sales import HOUR, Sales, pick_customers
from esa.landing.sorting import lex_order
from esa.landing.timeline import BUSINESS_HOURS, daily_times, rank_ids
from esa.landing.values import NULL, Frame, guids, int_text, iso_datetimes, join, padded, pick, take

NEVER = np.iinfo(np.int64).max
PLATFORMS = ("ios", "android", "web")


@dataclass
class Docs:
    frame: Frame | None  # contract properties (without _rid/_ts/_etag), one row per version (or see ``rows``)
    doc: np.ndarray  # document key (int64), unique per document
    ts: np.ndarray  # version time, epoch seconds
    deleted_at: np.ndarray  # per version: when its document is deleted (NEVER if not)
    rows: Callable[[np.ndarray], Frame] | None = None  # builds the properties of some versions, when frame is None
    ids: pa.Array | None = None  # the id of every version, when frame is None

    def take(self, idx: np.ndarray) -> Frame:
        """The properties of the versions ``idx``."""
        if self.frame is None:
            assert self.rows is not None
            return self.rows(idx)
        return take(self.frame, idx)

    def id_column(self) -> pa.Array | np.ndarray:
        if self.frame is None:
            assert self.ids is not None
            return self.ids
        return self.frame["id"]


def doc_ids(seed: int, container: str, keys: np.ndarray) -> pa.Array:
    return guids(rand.bits(seed, container + ".id", keys, 0), rand.bits(seed, container + ".id", keys, 1))


def _json_col(values: list[Any]) -> pa.Array:
    return pa.array([None if v is None else json.dumps(v, separators=(",", ":")) for v in values], type=pa.string())


# ---------------------------------------------------------------------------------------------- app users
@dataclass
class Users:
    docs: Docs
    uid: np.ndarray  # user key 1..U
    customer: np.ndarray
    signup: np.ndarray
    platform: np.ndarray
    deleted_at: np.ndarray
    ids: pa.Array
    by_signup: np.ndarray  # user positions sorted by signup
    weight_cum: np.ndarray  # cumulative activity weights in by_signup order
    first_by_customer: np.ndarray  # index = customer_id: a user position or -1


def build_app_users(p: Params, sales: Sales) -> Users:
    seed = p.seed
    cid = np.arange(1, sales.n_customers + 1, dtype=np.int64)
    seg = sales.cust_segment[cid]
    u = rand.uniform(seed, "user.count", cid)
    n_users = np.select(
        [seg == 2, seg == 1],
        [(u < 0.62).astype(np.int64), np.where(u < 0.7, 1 + (u < 0.21), 0)],
        np.where(u < 0.6, 1 + (u < 0.3) + (u < 0.12), 0),
    ).astype(np.int64)
    cust = np.repeat(cid, n_users)
    nu = len(cust)
    uid = np.arange(1, nu + 1, dtype=np.int64)
    birth = sales.cust_birth[cust]
    pre = birth < p.start_s
    lo = np.maximum(birth, p.start_s - 3 * 365 * DAY)
    signup = np.where(pre, lo + (rand.uniform(seed, "user.signup", uid) * (p.start_s - lo)).astype(np.int64),
                      birth + rand.integers(seed, "user.signup2", uid, HOUR, 30 * DAY))
    platform = rand.choice(seed, "user.platform", uid, [35, 35, 30])
    # the profile refresh schedule starts at signup, or on the first landed day for earlier users
    first_ts = np.where(pre, p.start_s + rand.integers(seed, "user.export0", uid, 60, DAY - 60), signup)
    # a user who signed up before the first landed day was last written before it (at most 45 days
    # before, never before signup): that first version lands through the Cosmos initial load
    first_version_ts = np.where(
        pre, np.maximum(signup, p.start_s - rand.integers(seed, "user.changed0", uid, HOUR, 45 * DAY)), signup)
    deleted = rand.uniform(seed, "user.deleted", uid) < 2 * p.dirty
    del_at = np.where(deleted, (first_ts // DAY + 1) * DAY + rand.integers(seed, "user.del_at", uid, HOUR, 30 * DAY),
                      NEVER)
    # versions: the first, then a profile refresh about every 45 days
    k_max = (p.days + 60) // 45 + 1
    vu = np.repeat(uid, k_max)
    vk = np.tile(np.arange(k_max), nu)
    vts = np.where(vk > 0, first_ts[vu - 1] + vk * 45 * DAY + rand.integers(seed, "user.v", vu * 64 + vk, -9 * DAY,
                                                                            9 * DAY), first_version_ts[vu - 1])
    keep = np.flatnonzero((vts < p.horizon_s) & ((vk == 0) | (vts > first_ts[vu - 1])))
    vu, vk, vts = vu[keep], vk[keep], vts[keep]
    ids = doc_ids(seed, "app_users", uid)
    lang = ("en", "de", "fr", "nl", "es", "it", "en", "sv", "pl", "de", "en")
    ver = [f"5.{(k // 2) + 8}.{k % 3}" for k in range(k_max)]

    def rows(sel: np.ndarray) -> Frame:
        """The contract properties of the versions ``sel`` (built on demand: only the landed partitions pay)."""
        u, k, ts = vu[sel], vk[sel], vts[sel]
        i = u - 1
        opt = np.where(rand.uniform(seed, "user.opt", u * 64 + k) < 0.55, 1, 0).astype(np.int8)
        last_login = np.where(k == 0, np.where(pre[i], ts - rand.integers(seed, "user.ll", u, HOUR, 20 * DAY), NULL),
                              ts - rand.integers(seed, "user.ll2", u * 64 + k, 60, DAY))
        country = sales.cust_country[cust[i]]
        prefs = join('{"language":"', pick(lang, country), '","notifications":{"email":',
                     pick(("false", "true"), opt), ',"push":', pick(("false", "true"), k % 2), "}}")
        devices = join('[{"deviceId":"dev-', padded("", u, 7), '","os":"', pick(PLATFORMS, platform[i]),
                       '","appVersion":"', pick(ver, k), '"}]')
        return {
            "id": ids.take(pa.array(i)),
            "customerId": cust[i],
            "email": pc.utf8_lower(join("user", padded("", u, 7), "@app.example")),
            "displayName": join("user", padded("", u, 7)),
            "platform": pick(PLATFORMS, platform[i]),
            "countryCode": pick(COUNTRIES, country),
            "marketingOptIn": opt,
            "signupAt": iso_datetimes(signup[i]),
            "lastLoginAt": iso_datetimes(last_login),
            "preferences": prefs,
            "devices": devices,
        }

    activity = np.exp(1.0 * rand.normal(seed, "user.activity", uid))
    by_signup = lex_order(uid, signup)
    first_by_customer = np.full(sales.n_customers + 1, -1, dtype=np.int64)
    first_by_customer[cust[::-1]] = (uid - 1)[::-1]
    return Users(
        docs=Docs(None, vu, vts, del_at[vu - 1], rows=rows, ids=ids.take(pa.array(vu - 1))),
        uid=uid, customer=cust, signup=signup, platform=platform, deleted_at=del_at, ids=ids,
        by_signup=by_signup, weight_cum=np.cumsum(activity[by_signup]), first_by_customer=first_by_customer,
    )


# ---------------------------------------------------------------------------------------------- tickets, surveys
CATEGORIES = ("billing", "delivery", "returns", "product", "account", "technical")
PRIORITIES = ("low", "medium", "high", "urgent")
TEAM_OF_CATEGORY = (2, 0, 3, 0, 0, 1)  # index into SUPPORT_TEAMS


@dataclass
class Tickets:
    docs: Docs
    key: np.ndarray
    ids: pa.Array
    customer: np.ndarray
    resolved_at: np.ndarray
    created_at: np.ndarray
    deleted_at: np.ndarray
    user_pos: np.ndarray


def build_tickets(p: Params, ref: Reference, sales: Sales, users: Users) -> Tickets:
    seed, H = p.seed, p.horizon_s
    no = len(sales.order_at)
    oid = np.arange(1, no + 1, dtype=np.int64)
    # tickets about orders
    about = (~sales.order_cancelled) & (rand.uniform(seed, "tck.order", oid) < 0.09)
    to = oid[about]
    cat_o = rand.choice(seed, "tck.order_cat", to, [25, 50, 0, 25, 0, 0])
    base_o = np.select([cat_o == 0, cat_o == 1], [sales.order_invoiced_at[to - 1], sales.order_shipped_at[to - 1]],
                       sales.order_delivered_at[to - 1])
    at_o = base_o + rand.integers(seed, "tck.order_at", to, HOUR, 6 * DAY)
    # tickets about returns
    rr = sales.ret
    rk = np.flatnonzero(rand.uniform(seed, "tck.ret", rr["rma"]) < 0.4)
    at_r = rr["requested_at"][rk] + rand.integers(seed, "tck.ret_at", rr["rma"][rk], 10 * 60, 2 * DAY)
    # tickets without an order
    at_s = daily_times(p, "tickets", 60 * p.scale, BUSINESS_HOURS)
    sk = np.arange(1, len(at_s) + 1, dtype=np.int64)
    cust_s = pick_customers(p, sales, at_s, rand.uniform(seed, "tck.cust", sk))
    cat_s = rand.choice(seed, "tck.cat", sk, [30, 0, 0, 10, 35, 25])

    key = np.concatenate([to * 4, rr["rma"][rk] * 4 + 1, sk * 4 + 2])
    created = np.concatenate([at_o, at_r, at_s])
    customer = np.concatenate([sales.order_customer[to - 1], rr["customer"][rk], cust_s])
    order = np.concatenate([to, rr["order"][rk], np.full(len(sk), NULL, np.int64)])
    cat = np.concatenate([cat_o, np.full(len(rk), 2, np.int64), cat_s])
    pos, num = rank_ids(created, key, H)
    key, created, customer, order, cat = key[pos], created[pos], customer[pos], order[pos], cat[pos]
    seg = sales.cust_segment[customer]
    upos = users.first_by_customer[customer]
    has_user = (upos >= 0) & (users.signup[np.maximum(upos, 0)] < created)
    ch = rand.choice(seed, "tck.channel", key, [30, 25, 20, 15, 10])  # web mobile phone email chat
    ch = np.where(has_user, ch, 2 + (ch % 2))
    pr = rand.choice(seed, "tck.priority", key, [30, 45, 20, 5])
    pr = np.where((seg == 0) & (pr < 3), pr + 1, pr)
    # lifecycle
    first_resp = created + rand.exponential(seed, "tck.fr", key, np.asarray([16, 6, 2, 0.5])[pr] * HOUR).astype(
        np.int64) + 120
    res_scale = np.asarray([1.0, 1.5, 2.0, 1.2, 0.6, 3.0])[cat] * DAY
    resolve = first_resp + (res_scale * np.exp(0.9 * rand.normal(seed, "tck.res", key))).astype(np.int64)
    pending = rand.uniform(seed, "tck.pending", key) < 0.3
    pending_at = first_resp + ((resolve - first_resp) * 0.4).astype(np.int64)
    closed = resolve + rand.integers(seed, "tck.close", key, 2 * DAY, 7 * DAY)
    team = np.asarray(TEAM_OF_CATEGORY)[cat]
    agent = np.zeros(len(key), dtype=np.int64)
    for t, name in enumerate(SUPPORT_TEAMS):  # the team's agents in turn, by ticket key
        of_team = np.flatnonzero(team == t)
        if len(of_team):
            pool = np.asarray(ref.agents_by_team[name], dtype=np.int64)
            agent[of_team] = pool[(key[of_team] // 3) % len(pool)]
    deleted = rand.uniform(seed, "tck.deleted", key) < p.dirty
    del_at = np.where(deleted, (created // DAY + 1) * DAY + rand.integers(seed, "tck.del", key, HOUR, 20 * DAY),
                      NEVER)
    ids = doc_ids(seed, "support_tickets", key)
    n_msg = 2 + rand.poisson(seed, "tck.msgs", key, 2.0)

    # versions: new, open, [pending], resolved, closed
    stat_times = [created, first_resp, np.where(pending, pending_at, NEVER), resolve, closed]
    statuses = ("new", "open", "pending", "resolved", "closed")
    v_t, v_s, v_i = [], [], []
    for si, t in enumerate(stat_times):
        idx = np.flatnonzero(t < H)
        v_t.append(t[idx])
        v_s.append(np.full(len(idx), si))
        v_i.append(idx)
    vt, vs, vi = np.concatenate(v_t), np.concatenate(v_s), np.concatenate(v_i)
    o = lex_order(vt, vi)
    vt, vs, vi = vt[o], vs[o], vi[o]
    cust_names = sales.cust_name
    emails = sales.cust_email
    assert isinstance(cust_names, pa.Array) and isinstance(emails, pa.Array)

    n_msg_cap = np.minimum(n_msg, 8)
    span = np.maximum(resolve - created, 60)

    def rows(sel: np.ndarray) -> Frame:
        """The contract properties of the versions ``sel`` (built on demand: the JSON text is the bulk)."""
        vi, vt, vs = all_vi[sel], all_vt[sel], all_vs[sel]
        ch_names = ("web", "mobile", "phone", "email", "chat")
        empty = pa.scalar("", pa.string())
        # statusHistory: the status changes up to the version, as a JSON array
        agent_txt = pa.array(agent[vi]).cast(pa.string())
        hist_parts = []
        for k in range(5):
            tk = stat_times[k][vi]
            by = pa.scalar("customer") if k == 0 else join("agent:", agent_txt)
            piece = join(',{"status":"', statuses[k], '","changedAt":"', iso_datetimes(np.where(tk < NEVER, tk, 0)),
                         '","changedBy":"', by, '"}')
            hist_parts.append(pc.if_else(pa.array(tk <= vt), piece, empty))
        history = join("[", pc.utf8_slice_codeunits(join(*hist_parts), 1), "]")
        # messages: customer and agent alternate; the first reply is the first response
        key_txt = pa.array(key[vi]).cast(pa.string())
        # a customer writing in an app is the app user (a uuid); by phone or e-mail the ERP customer id
        in_app = has_user[vi] & (ch[vi] != 2) & (ch[vi] != 3)
        cust_txt = pc.if_else(pa.array(in_app), users.ids.take(pa.array(np.maximum(upos[vi], 0))),
                              pa.array(customer[vi]).cast(pa.string()))
        chan = pick(ch_names, ch[vi])
        # on chat tickets the third message comes from the chat bot instead of the customer
        bot = pa.array(ch[vi] == 4)
        msg_parts = []
        for m in range(8):
            sent_v = created[vi] + (0 if m == 0 else (first_resp[vi] - created[vi] if m == 1
                                                       else span[vi] * m // np.maximum(n_msg_cap[vi], 1)))
            include = (m < n_msg_cap[vi]) & (sent_v <= vt)
            author: pa.Array | pa.Scalar = pa.scalar("customer" if m % 2 == 0 else "agent")
            author_id = cust_txt if m % 2 == 0 else agent_txt
            if m == 2:
                author = pc.if_else(bot, pa.scalar("bot"), author)
                author_id = pc.if_else(bot, pa.scalar("chat-bot"), author_id)
            piece = join(',{"messageId":"', key_txt, f'-{m + 1}","sentAt":"', iso_datetimes(sent_v),
                         '","authorType":"', author, '","authorId":"', author_id,
                         '","channel":"', chan, '","bodyLength":',
                         pa.array(40 + (m * 37 + key[vi]) % 400).cast(pa.string()), "}")
            msg_parts.append(pc.if_else(pa.array(include), piece, empty))
        messages = join("[", pc.utf8_slice_codeunits(join(*msg_parts), 1), "]")
        cat_v = pick(CATEGORIES, cat[vi])
        tags = pc.if_else(pa.array(seg[vi] == 0), join('["', cat_v, '","vip"]'), join('["', cat_v, '"]'))
        cust_json = join('{"name":"', cust_names.take(pa.array(customer[vi] - 1)), '","email":"',
                         emails.take(pa.array(customer[vi] - 1)), '","segment":"', pick(SEGMENTS, seg[vi]), '"}')
        subj = ("Question about my invoice", "Where is my delivery?", "Return of an item", "Product issue",
                "Account access", "App error")
        frame: Frame = {
            "id": ids.take(pa.array(vi)),
            "ticketNumber": padded("TCK", num[vi], 8),
            "customerId": customer[vi],
            "appUserId": pc.if_else(pa.array(has_user[vi] & (ch[vi] != 2) & (ch[vi] != 3)),
                                    users.ids.take(pa.array(np.maximum(upos[vi], 0))), pa.scalar(None, pa.string())),
            "orderId": order[vi],
            "channel": pick(ch_names, ch[vi]),
            "category": pick(CATEGORIES, cat[vi]),
            "priority": pick(PRIORITIES, pr[vi]),
            "status": pick(statuses, vs),
            "subject": pick(subj, cat[vi]),
            "assignedAgentId": np.where(vs >= 1, agent[vi], NULL),
            "createdAt": iso_datetimes(created[vi]),
            "firstResponseAt": iso_datetimes(np.where(vs >= 1, first_resp[vi], NULL)),
            "resolvedAt": iso_datetimes(np.where(vs >= 3, resolve[vi], NULL)),
            "closedAt": iso_datetimes(np.where(vs >= 4, closed[vi], NULL)),
            "messages": messages,
            "statusHistory": history,
            "tags": tags,
            "customer": cust_json,
        }
        return frame

    all_vi, all_vt, all_vs = vi, vt, vs
    return Tickets(Docs(None, key[vi], vt, del_at[vi], rows=rows, ids=ids.take(pa.array(vi))), key, ids, customer,
                   resolve, created, del_at, upos)


def build_surveys(p: Params, sales: Sales, users: Users, tickets: Tickets) -> Docs:
    seed, H = p.seed, p.horizon_s
    # CSAT after resolved tickets: the score falls as resolution time grows
    tk = tickets.key
    answer = rand.uniform(seed, "csat.answer", tk) < 0.55
    sub = tickets.resolved_at + rand.integers(seed, "csat.at", tk, HOUR, 3 * DAY)
    ci = np.flatnonzero(answer & (sub < H) & (sub < tickets.deleted_at))
    hours = (tickets.resolved_at[ci] - tickets.created_at[ci]) / HOUR
    raw = 5.1 - 0.45 * np.log2(1 + hours / 6) + 0.8 * rand.normal(seed, "csat.noise", tk[ci])
    csat = np.clip(np.round(raw), 1, 5).astype(np.int64)
    # NPS surveys of customers, by segment
    at_n = daily_times(p, "nps", 27 * p.scale, BUSINESS_HOURS)
    nk = np.arange(1, len(at_n) + 1, dtype=np.int64)
    cust_n = pick_customers(p, sales, at_n, rand.uniform(seed, "nps.cust", nk))
    mean = np.asarray([7.9, 7.3, 6.8])[sales.cust_segment[cust_n]]
    nps = np.clip(np.round(mean + 2.0 * rand.normal(seed, "nps.score", nk)), 0, 10).astype(np.int64)

    key = np.concatenate([tk[ci] * 2, nk * 2 + 1])
    ts = np.concatenate([sub[ci], at_n])
    kind = np.concatenate([np.zeros(len(ci), np.int64), np.ones(len(nk), np.int64)])
    customer = np.concatenate([tickets.customer[ci], cust_n])
    score = np.concatenate([csat, nps])
    upos = np.concatenate([tickets.user_pos[ci], users.first_by_customer[cust_n]])
    in_app = (upos >= 0) & (rand.uniform(seed, "srv.app", key) < 0.6)
    channel = np.where(in_app, 1 - (rand.uniform(seed, "srv.web", key) < 0.5), 2)
    deleted = rand.uniform(seed, "srv.deleted", key) < p.dirty
    del_at = np.where(deleted, (ts // DAY + 1) * DAY + rand.integers(seed, "srv.del", key, HOUR, 20 * DAY), NEVER)
    n_csat = len(ci)
    comments = pa.array(("Thanks!", "Took too long.", "Very helpful agent.", None, "OK", None), type=pa.string())

    def rows(sel: np.ndarray) -> Frame:
        """The contract properties of the responses ``sel`` (built on demand: only the landed partitions pay)."""
        k, csat_row, sc = key[sel], sel < n_csat, score[sel]
        # an NPS row has no ticket (a zone with no ticket yet has none to take)
        ticket_ids = (tickets.ids.take(pa.array(ci[np.minimum(sel, max(n_csat - 1, 0))])) if n_csat
                      else pa.nulls(len(sel), tickets.ids.type))
        answers = join('[{"questionId":"q1","answer":', pa.array(sc).cast(pa.string()),
                       '},{"questionId":"q2","answer":"', pick(("no", "yes"), (sc >= 3).astype(np.int64)), '"}]')
        return {
            "id": doc_ids(seed, "survey_responses", k),
            "surveyType": pick(("csat", "nps"), kind[sel]),
            "ticketId": pc.if_else(pa.array(csat_row), ticket_ids, pa.scalar(None, pa.string())),
            "customerId": customer[sel],
            "userId": pc.if_else(pa.array(in_app[sel]), users.ids.take(pa.array(np.maximum(upos[sel], 0))),
                                 pa.scalar(None, pa.string())),
            "channel": pick(("web", "mobile", "email"), channel[sel]),
            "score": sc,
            "comment": comments.take(pa.array(k % 6)),
            "submittedAt": iso_datetimes(ts[sel]),
            "answers": answers,
        }

    return Docs(None, key, ts + rand.integers(seed, "srv.ts", key, 1, 60), del_at, rows=rows,
                ids=doc_ids(seed, "survey_responses", key))


def _items_json(n: int, ret: np.ndarray, line: np.ndarray, product: np.ndarray, qty: np.ndarray) -> pa.Array:
    """Per return (0 .. n-1), its items (rows of ``ret``, grouped by return in order) as a compact JSON array."""
    count = np.bincount(ret, minlength=n)
    if len(ret) and np.any(np.diff(ret) < 0):
        raise ValueError("the items must be grouped by return, in return order")
    first = np.cumsum(count) - count
    item = join('{"orderLineId":', int_text(line), ',"productId":', int_text(product), ',"quantity":',
                int_text(qty), "}")
    empty = pa.scalar("", pa.string())
    pieces: list[Any] = ["["]
    for k in range(int(count.max()) if n and len(ret) else 0):
        at = np.minimum(first + k, max(len(ret) - 1, 0))
        piece = item.take(pa.array(at)) if k == 0 else join(",", item.take(pa.array(at)))
        pieces.append(pc.if_else(pa.array(count > k), piece, empty))
    pieces.append("]")
    if len(pieces) == 2:  # no return has an item
        return pa.array(["[]"] * n, type=pa.string())
    return join(*pieces)


def build_returns(p: Params, sales: Sales) -> Docs:
    seed, H = p.seed, p.horizon_s
    r = sales.ret
    statuses = ("requested", "approved", "rejected", "received", "refunded")
    times = [r["requested_at"], np.where(r["rejected"], NEVER, r["decided_at"]),
             np.where(r["rejected"], r["decided_at"], NEVER), r["received_at"], r["refunded_at"]]
    deleted = rand.uniform(seed, "rr.deleted", r["rma"]) < p.dirty
    del_at = np.where(deleted, (r["requested_at"] // DAY + 1) * DAY + rand.integers(seed, "rr.del", r["rma"], HOUR,
                                                                                    20 * DAY), NEVER)
    v_t, v_s, v_i = [], [], []
    for si, t in enumerate(times):
        idx = np.flatnonzero(t < H)
        v_t.append(t[idx])
        v_s.append(np.full(len(idx), si))
        v_i.append(idx)
    vt, vs, vi = np.concatenate(v_t), np.concatenate(v_s), np.concatenate(v_i)
    o = lex_order(vt, vi)
    vt, vs, vi = vt[o], vs[o], vi[o]
    ids = doc_ids(seed, "return_requests", r["rma"])
    item_ret = r["item_ret"]

    def rows(sel: np.ndarray) -> Frame:
        """The contract properties of the versions ``sel`` (built on demand: only the landed partitions pay)."""
        i, s = vi[sel], vs[sel]
        # the items JSON of the returns these versions belong to (a return's items are its own)
        own = np.unique(i)
        mine = np.flatnonzero(np.isin(item_ret, own))
        items = _items_json(len(own), np.searchsorted(own, item_ret[mine]), r["item_line"][mine],
                            r["item_product"][mine], r["item_qty"][mine])
        resolved = np.where(s == 2, r["decided_at"][i], np.where(s == 4, r["refunded_at"][i], NULL))
        return {
            "id": ids.take(pa.array(i)),
            "rmaNumber": padded("RMA", r["rma"][i], 8),
            "customerId": r["customer"][i],
            "orderId": r["order"][i],
            "status": pick(statuses, s),
            "reason": pick(("damaged", "wrong_item", "not_as_described", "no_longer_needed", "late_delivery"),
                           r["reason"][i]),
            "requestedAt": iso_datetimes(r["requested_at"][i]),
            "resolvedAt": iso_datetimes(resolved),
            "refundAmount": np.where(s == 4, r["refund_cents"][i] / 100.0, np.nan),
            "items": items.take(pa.array(np.searchsorted(own, i))),
        }

    return Docs(None, r["rma"][vi], vt, del_at[vi], rows=rows, ids=ids.take(pa.array(vi)))
