"""Every operation of the OpenAPI document against every user: the server decides.

The table in permission_table.py says who may use each operation. For each one the
allowed users succeed from a legal state, with the expected content, and every refusal
comes in the contract's order (401 → 403 → 404 → 400/422 → 409) and changes nothing.
"""

from dataclasses import dataclass, field

import pytest

from server.errors import CATALOGUE
from tests.api.permission_table import (
    LOGIN,
    PUBLIC,
    READERS,
    ROLE_OF,
    TABLE,
    USERS,
    World,
    deadline,
    invalid_bodies,
    last_periods,
    snapshot,
)
from tests.factories import PASSWORD, login, sha

UNKNOWN_ID = 987654321
BAD_TOKEN = {"Authorization": "Bearer not-a-token"}
AREA_CSV = "名称,类型,所属乡镇,纬度,经度,半径米\n新村,村,龙湖镇,34.47,113.71,800\n".encode()


@dataclass
class Ctx:
    """A legal request: path parameters, request arguments and the check of its answer."""

    params: dict = field(default_factory=dict)
    kw: dict = field(default_factory=dict)
    check: object = None


@dataclass
class S:
    """How to exercise one operation."""

    legal: object                      # (world, user) -> Ctx
    bad: object = None                 # (world, ctx) -> [request kwargs] refused as input
    outside: object = None             # (world) -> [(user, params)] allowed role, out of scope
    illegal: object = None             # (world, user) -> Ctx of a state forbidding it (409)


def status_is(code, **expected):
    """A check: the answer has `code` and these top-level JSON values."""
    def check(w, resp):
        assert resp.status_code == code, resp.get_json()
        body = resp.get_json()
        for key, value in expected.items():
            assert body[key] == value, (key, body[key])
        return body
    return check


def json_bad(key):
    """Refused JSON bodies of an operation."""
    return lambda w, ctx: [{"json": b} for b in invalid_bodies(key)]


def query_bad(*queries):
    """Refused query strings."""
    return lambda w, ctx: [{"query_string": q} for q in queries]


def item_for(w, user):
    """An item `user` may see: 住建局's (reported in 郭老庄) or 城管局's (三里岗社区)."""
    return w.assigned("城管局", "cadre2") if user in ("cadre2", "handler2") else w.assigned()


def visible(w):
    """Two assigned items (made once per test) and, per user, the ids they must see."""
    if not hasattr(w, "pair"):
        w.pair = (w.assigned(), w.assigned("城管局", "cadre2"))
    a, b = w.pair
    own = {"cadre": {a}, "handler": {a}, "cadre2": {b}, "handler2": {b}}
    return lambda user: own.get(user, {a, b})


def lists(key, path_of):
    """A read whose answer under `key` holds exactly the items the user may see."""
    def legal(w, user):
        expected = visible(w)(user)
        return Ctx(kw={"query_string": path_of}, check=lambda w, r: _ids_are(r, key, expected))
    return legal


def _ids_are(resp, key, expected):
    """The answer lists exactly `expected`."""
    assert resp.status_code == 200, resp.get_json()
    assert {i["id"] for i in resp.get_json()[key]} == expected


def action(item, body, then, **expected):
    """An item action from the state `item` builds, with `body`, answering the item `then`."""
    def legal(w, user):
        item_id = item(w, user)
        return Ctx({"item_id": item_id}, {"json": body(w, item_id, user)},
                   status_is(200, status=then, **expected))
    return legal


def conflict(item, body):
    """The same action from a state that forbids it: 409 invalid_transition."""
    def legal(w, user):
        item_id = item(w, user)
        return Ctx({"item_id": item_id}, {"json": body(w, item_id, user)},
                   lambda w, r: _code(r, 409, "invalid_transition"))
    return legal


def _code(resp, status, code):
    """An error answer with this status and catalogue code."""
    assert resp.status_code == status, (resp.status_code, resp.get_json())
    assert resp.get_json()["error"]["code"] == code


def push_legal(w, user):
    """A mutation the user may take, applied; office and admin push an empty batch."""
    if ROLE_OF[user] == "cadre":
        muts, status = [w.report_mutation(user)], "new"
    elif ROLE_OF[user] == "handler":
        item_id = w.assigned("住建局" if user == "handler" else "城管局")
        muts = [w.mutation("item.rectified", {"item_id": item_id, **w.rectified_body(user)})]
        status = "rectified"
    elif user == "supervisor":
        item_id = w.rectified()
        muts, status = [w.mutation("item.verify", {"item_id": item_id,
                                                  **w.verify_body(item_id)})], "closed"
    else:
        muts, status = [], None

    def check(w, resp):
        results = status_is(200)(w, resp)["results"]
        assert [r["id"] for r in results] == [m["id"] for m in muts]
        assert all(r["status"] == "applied" for r in results), results
        if status:
            assert w.detail(results[0]["item_id"])["status"] == status
    return Ctx(kw={"json": {"device_id": "phone-1", "mutations": muts}}, check=check)


def logout_legal(w, user):
    """A fresh login that logs out and then no longer works."""
    header = login(w.client, user)

    def check(w, resp):
        assert resp.status_code == 204
        assert w.client.get("/api/v1/me", headers=header).status_code == 401
    return Ctx(kw={"headers": header}, check=check)


def photo_put(w, user):
    """A new photo: 201, and the same bytes again: 200."""
    data = w.jpeg()

    def check(w, resp):
        assert resp.status_code == 201
        again = w.call("PUT", f"/api/v1/photos/{sha(data)}", user, data=data)
        assert again.status_code == 200
    return Ctx({"sha": sha(data)}, {"data": data}, check)


def photo_bad(w, ctx):
    """Bytes that do not match their name, and a named non-image."""
    junk = b"not an image at all"
    return [{"data": b"other bytes"}, {"data": junk, "path": f"/api/v1/photos/{sha(junk)}"}]


def photo_get(w, user):
    """The user's own upload: display for everyone, the original for the office readers."""
    photo = w.upload(user)

    def check(w, resp):
        assert resp.status_code == 200 and resp.mimetype.startswith("image/")
        original = w.call("GET", f"/api/v1/photos/{photo}/original", user)
        assert original.status_code == (200 if ROLE_OF[user] in READERS else 403)
    return Ctx({"sha": photo, "variant": "display"}, check=check)


def photo_head(w, user):
    """HEAD on a complete upload."""
    photo = w.upload(user)

    def check(w, resp):
        assert resp.status_code == 200 and resp.headers["Upload-Complete"] == "1"
    return Ctx({"sha": photo}, check=check)


def report_legal(kind):
    """A bulletin of the last whole period."""
    period = last_periods()[kind]
    return lambda w, user: Ctx(kw={"query_string": {kind: period}},
                               check=status_is(200, period=period))


def export_legal(w, user):
    """The ledger as CSV with a BOM, holding an assigned item."""
    text = w.detail(w.assigned())["description"]

    def check(w, resp):
        assert resp.status_code == 200 and resp.mimetype == "text/csv"
        body = resp.get_data(as_text=True)
        assert body.startswith("\ufeff") and text in body
    return Ctx(kw={"query_string": {"format": "csv"}}, check=check)


def public_photo(w, user):
    """The after-photo of a rectified item, shown publicly."""
    item = w.detail(w.rectified())
    photo = next(p["sha256"] for p in item["photos"] if p["kind"] == "after")

    def check(w, resp):
        assert resp.status_code == 200 and resp.mimetype == "image/jpeg"
    return Ctx({"sha": photo}, check=check)


def public_items(w, user):
    """The public list shows an assigned item."""
    item_id = w.assigned()
    return Ctx(check=lambda w, r: item_id in [i["id"] for i in status_is(200)(w, r)["items"]])


def admin_list(key, value):
    """An administration list holding a known row."""
    return lambda w, user: Ctx(check=lambda w, r: value in [x[key] for x in status_is(200)(w, r)])


def admin_write(code, body, params=lambda w: {}):
    """An administration write answering `code` with the body's values."""
    def legal(w, user):
        data = body(w)
        expected = {k: v for k, v in data.items() if k != "password"}
        return Ctx(params(w), {"json": data}, status_is(code, **expected))
    return legal


def bulk_legal(body, then):
    """Two new items, both moved by one bulk call."""
    def legal(w, user):
        ids = [w.new_item(), w.new_item()]
        return Ctx(kw={"json": {"item_ids": ids, **body(w)}},
                   check=lambda w, r: _bulk_results(r, ids, "applied", then))
    return legal


def bulk_conflict(body):
    """Bulk on items that are no longer new: 200, each rejected as invalid_transition."""
    def legal(w, user):
        ids = [w.assigned()]
        return Ctx(kw={"json": {"item_ids": ids, **body(w)}},
                   check=lambda w, r: _bulk_results(r, ids, "rejected", None))
    return legal


def _bulk_results(resp, ids, status, then):
    """One result per item, all with `status`."""
    results = status_is(200)(None, resp)["results"]
    assert [r["item_id"] for r in results] == ids
    for r in results:
        assert r["status"] == status, r
        assert r.get("item_status") == then if then else r["error"]["code"] == \
            "invalid_transition"


def unit_of(user):
    """The unit whose items `user` works on (handler2: 城管局; everyone else: 住建局)."""
    return "城管局" if user == "handler2" else "住建局"


def unit_handler(user):
    """The handler of that unit."""
    return "handler2" if user == "handler2" else "handler"


def rejected_item(w, user):
    """A new item rejected by the office."""
    item_id = w.new_item()
    w.ok("POST", f"/api/v1/items/{item_id}/actions/reject", "office", json={"reason": "不属实"})
    return item_id


def first_report(w, item_id, user):
    """A split body naming the item's last report."""
    return {"report_id": w.detail(item_id)["reports"][-1]["id"]}


ASSIGN = lambda w, i, u: w.assign_body()                       # noqa: E731
REJECT = lambda w, i, u: {"reason": "不属实"}                   # noqa: E731
MERGE = lambda w, i, u: {"into_item_id": w.new_item()}         # noqa: E731
LONG = lambda w, i, u: {"note": "需要立项", "deadline": deadline(60)}   # noqa: E731
FIXED = lambda w, i, u: w.rectified_body(u)                    # noqa: E731
VERIFY = lambda w, i, u: w.verify_body(i, u)                   # noqa: E731
ASSIGNED = lambda w, u: w.assigned(unit_of(u))                 # noqa: E731
RECTIFIED = lambda w, u: w.rectified(unit_of(u), unit_handler(u))   # noqa: E731
NEW = lambda w, u: w.new_item()                                # noqa: E731
OTHER_UNIT = lambda w: [("handler2", {"item_id": w.assigned()}),   # noqa: E731
                        ("handler", {"item_id": w.new_item()})]
I = "POST /api/v1/items/{item_id}/actions/"                    # noqa: E741
A = "/api/v1/admin/"

SCENARIOS = {
    "POST /api/v1/auth/login": S(lambda w, u: Ctx(kw={"json": {
        "username": "cadre", "password": PASSWORD}}, check=lambda w, r: _me_is(r, "cadre")),
        json_bad("login")),
    "POST /api/v1/auth/logout": S(logout_legal),
    "GET /api/v1/me": S(lambda w, u: Ctx(check=lambda w, r: _me_is(r, u))),
    "GET /api/v1/items": S(lists("items", {"per_page": 200}),
                           query_bad({"status": "lost"}, {"bogus": "1"}, {"page": "x"})),
    "GET /api/v1/items/{item_id}": S(
        lambda w, u: (lambda i: Ctx({"item_id": i}, check=status_is(200, id=i)))(item_for(w, u)),
        outside=lambda w: (lambda a: [("cadre2", {"item_id": a}), ("handler2", {"item_id": a})])(
            w.assigned())),
    I + "assign": S(action(NEW, ASSIGN, "assigned"), json_bad("assign"),
                    illegal=conflict(ASSIGNED, ASSIGN)),
    I + "reject": S(action(NEW, REJECT, "rejected", reject_reason="不属实"),
                    json_bad("reject"), illegal=conflict(ASSIGNED, REJECT)),
    I + "merge": S(action(NEW, MERGE, "new", report_count=2), json_bad("merge"),
                   illegal=conflict(ASSIGNED, MERGE)),
    I + "split": S(action(lambda w, u: w.two_reports(), first_report, "new",
                          report_count=1), json_bad("split"),
                   illegal=conflict(rejected_item, first_report)),
    I + "long_term": S(action(ASSIGNED, LONG, "long_term"), json_bad("long_term"),
                       OTHER_UNIT, conflict(RECTIFIED, LONG)),
    I + "rectified": S(action(ASSIGNED, FIXED, "rectified"), json_bad("rectified"),
                       OTHER_UNIT, conflict(RECTIFIED, FIXED)),
    I + "verify": S(action(RECTIFIED, VERIFY, "closed", satisfaction="satisfied"),
                    json_bad("verify"), illegal=conflict(ASSIGNED, VERIFY)),
    I + "{action}": S(lambda w, u: Ctx({"item_id": item_for(w, u), "action": "approve"},
                                       check=lambda w, r: _code(r, 404, "unknown_action"))),
    "POST /api/v1/items/bulk/assign": S(bulk_legal(lambda w: w.assign_body(),
                                                   "assigned"), json_bad("bulk/assign"),
                                        illegal=bulk_conflict(lambda w: w.assign_body())),
    "POST /api/v1/items/bulk/reject": S(bulk_legal(lambda w: {"reason": "重复"},
                                                   "rejected"), json_bad("bulk/reject"),
                                        illegal=bulk_conflict(lambda w: {"reason": "重复"})),
    "GET /api/v1/items/export": S(export_legal, query_bad({}, {"format": "pdf"})),
    "PUT /api/v1/photos/{sha}": S(photo_put, photo_bad),
    "HEAD /api/v1/photos/{sha}": S(photo_head),
    "GET /api/v1/photos/{sha}/{variant}": S(photo_get, outside=lambda w: [
        ("cadre2", {"sha": w.upload("cadre"), "variant": "display"})]),
    "POST /api/v1/sync/push": S(push_legal, json_bad("push")),
    "GET /api/v1/sync/pull": S(lists("items", {"cursor": 0}),
                               query_bad({"cursor": "-1"}, {"bogus": "1"})),
    "GET /api/v1/reports/weekly": S(report_legal("week"), query_bad({}, {"week": 5, "x": 1})),
    "GET /api/v1/reports/monthly": S(report_legal("month"), query_bad({}, {"month": "1", "x": 1})),
    "GET /api/v1/reports/ranking": S(report_legal("quarter"), query_bad({}, {"format": "pdf"})),
    "GET /api/v1/reports/print.css": S(lambda w, u: Ctx(check=_is_css)),
    "GET /api/v1/public/items": S(public_items, query_bad({"bogus": "1"}, {"page": "x"})),
    "GET /api/v1/public/photos/{sha}/display": S(public_photo),
    "GET /api/v1/admin/users": S(admin_list("username", "cadre")),
    "POST /api/v1/admin/users": S(admin_write(201, lambda w: {
        "username": "wang.fang", "password": "secret-123", "name": "王芳", "roles": ["cadre"],
        "area_ids": [w.org.areas["郭老庄"]]}), json_bad("users")),
    "PATCH /api/v1/admin/users/{user_id}": S(admin_write(
        200, lambda w: {"name": "李四"}, lambda w: {"user_id": w.org.users["cadre2"]}),
        json_bad("user")),
    "GET /api/v1/admin/units": S(admin_list("name", "住建局")),
    "POST /api/v1/admin/units": S(admin_write(201, lambda w: {"name": "水利局"}),
                                  json_bad("units")),
    "PATCH /api/v1/admin/units/{unit_id}": S(admin_write(
        200, lambda w: {"name": "住房和城乡建设局"}, lambda w: {"unit_id": w.org.units["住建局"]}),
        json_bad("unit")),
    "GET /api/v1/admin/areas": S(admin_list("name", "郭老庄")),
    "POST /api/v1/admin/areas": S(admin_write(201, lambda w: {
        "name": "新村", "kind": "village", "township_id": w.org.areas["龙湖镇"], "lat": 34.47,
        "lon": 113.71, "radius_m": 800.0}), json_bad("areas")),
    "PATCH /api/v1/admin/areas/{area_id}": S(admin_write(
        200, lambda w: {"radius_m": 900.0}, lambda w: {"area_id": w.org.areas["郭老庄"]}),
        json_bad("area")),
    "POST /api/v1/admin/import/{what}": S(
        lambda w, u: Ctx({"what": "areas"}, {"data": AREA_CSV, "content_type": "text/csv"},
                         status_is(200, created=1)),
        lambda w, ctx: [{"data": d, "content_type": "text/csv"}
                        for d in (b"", b"PK\x03\x04garbage", "名称\n新村\n".encode())]),
}


def _me_is(resp, user):
    """/me (or a login) names the user."""
    assert status_is(200)(None, resp)["user"]["username"] == user


def _is_css(w, resp):
    """The print stylesheet."""
    assert resp.status_code == 200 and resp.mimetype == "text/css"
    assert resp.get_data()
    resp.close()


def _allowed(op):
    """The users the table lets use `op` (None: anyone without a token)."""
    if TABLE[op] in (PUBLIC, LOGIN):
        return (None,)
    return tuple(u for u in USERS if ROLE_OF[u] in TABLE[op])


def _refused(op):
    """The users whose role may never use `op`."""
    return () if TABLE[op] in (PUBLIC, LOGIN) else tuple(u for u in USERS if u not in _allowed(op))


def _send(w, op, params, user, kw):
    """Send `op` with path parameters and request arguments."""
    method, template = op.split()
    kw = dict(kw)
    path = kw.pop("path", None) or template.format(**params)
    return w.call(method, path, user, **kw)


@pytest.fixture
def world(client, auth, org):
    """The test organisation seen through the API."""
    return World(client, auth, org)


def test_the_table_lists_exactly_the_documented_operations(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    methods = {"get", "put", "post", "patch", "delete", "head", "options"}
    documented = {f"{m.upper()} {p}" for p, ops in doc["paths"].items() for m in ops
                  if m in methods}
    assert sorted(documented - TABLE.keys()) == [], "operations missing from the table"
    assert sorted(TABLE.keys() - documented) == [], "table rows the document lacks"
    assert SCENARIOS.keys() == TABLE.keys()


@pytest.mark.parametrize("op", TABLE)
def test_allowed_users_succeed_from_a_legal_state(world, op):
    for user in _allowed(op):
        ctx = SCENARIOS[op].legal(world, user)
        ctx.check(world, _send(world, op, ctx.params, user, ctx.kw))


def _rows(op, ctx, first, bad, outside):
    """(who, user, headers, params, kw, statuses) for each refusal, in the contract's order."""
    legal_kw = {k: v for k, v in ctx.kw.items() if k != "headers"}
    ids = [k for k in ctx.params if k.endswith("_id")]
    for kw in [legal_kw] + bad:
        if TABLE[op] not in (PUBLIC, LOGIN):
            yield "no token", None, {}, ctx.params, kw, (401,)
            yield "bad token", None, BAD_TOKEN, ctx.params, kw, (401,)
        for user in _refused(op):
            yield "wrong role", user, {}, ctx.params, kw, (403,)
        if ids:
            yield "unknown id", first, {}, {**ctx.params, ids[0]: UNKNOWN_ID}, kw, (404,)
        for user, params in outside:
            yield "out of scope", user, {}, {**ctx.params, **params}, kw, (404,)
    for kw in bad:
        yield "bad input", first, {}, ctx.params, kw, (400, 413, 415, 422)


def _mismatch(op, resp, statuses) -> str | None:
    """Why an answer breaks the contract, or None."""
    if resp.status_code not in statuses:
        return f"got {resp.status_code} {resp.get_data(as_text=True)[:160]}"
    if op.startswith("HEAD"):
        return None
    error = (resp.get_json(silent=True) or {}).get("error") or {}
    if CATALOGUE.get(error.get("code"), (0,))[0] != resp.status_code or not error["message"] \
            or not isinstance(error.get("details"), dict):
        return f"not the error shape: {resp.get_data(as_text=True)[:160]}"
    return None


REFUSABLE = [op for op, s in SCENARIOS.items() if s.bad or TABLE[op] not in (PUBLIC, LOGIN)]


@pytest.mark.parametrize("op", REFUSABLE)
def test_refusals_come_in_the_contracts_order_and_change_nothing(world, app, op):
    scenario, first = SCENARIOS[op], _allowed(op)[0]
    ctx = scenario.legal(world, first)
    bad = scenario.bad(world, ctx) if scenario.bad else []
    outside = scenario.outside(world) if scenario.outside else []
    before = snapshot(app)
    broken = []
    for who, user, headers, params, kw, statuses in _rows(op, ctx, first, bad, outside):
        resp = _send(world, op, params, user, {**kw, "headers": headers})
        why = _mismatch(op, resp, statuses)
        if why:
            broken.append(f"{who} ({user}, {kw.get('json', kw.get('query_string', ''))!r}): "
                          f"expected {statuses}, {why}")
    assert not broken, f"{op}:\n" + "\n".join(broken)
    assert snapshot(app) == before


CONFLICTS = [op for op, s in SCENARIOS.items() if s.illegal]


@pytest.mark.parametrize("op", CONFLICTS)
def test_the_same_action_from_an_illegal_state_is_refused(world, app, op):
    for user in _allowed(op):
        ctx = SCENARIOS[op].illegal(world, user)
        before = snapshot(app)
        ctx.check(world, _send(world, op, ctx.params, user, ctx.kw))
        assert snapshot(app) == before
