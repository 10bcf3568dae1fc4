"""Every operation of the OpenAPI document against every user: the server decides.

The table in permission_table.py says who may use each operation; SCENARIOS below says how
to exercise each one, from the builders of permission_scenarios.py. For each operation the
allowed users succeed from a legal state, with the expected content, and every refusal
comes in the contract's order (401 → 403 → 404 → 400/422 → 409) and changes nothing.
"""

import pytest

from server.errors import CATALOGUE
from tests.api.permission_project_sheets import SCENARIOS as SHEET_SCENARIOS
from tests.api.permission_projects import SCENARIOS as PROJECT_SCENARIOS
from tests.api.permission_public_projects import SCENARIOS as PUBLIC_PROJECT_SCENARIOS
from tests.api.permission_scenarios import (
    Ctx,
    S,
    action,
    admin_list,
    admin_write,
    bulk_conflict,
    bulk_legal,
    code_is,
    conflict,
    export_legal,
    first_report,
    is_css,
    item_for,
    json_bad,
    lists,
    logout_legal,
    me_is,
    own_reports,
    photo_bad,
    photo_get,
    photo_head,
    photo_put,
    public_items,
    public_photo,
    push_legal,
    query_bad,
    rejected_item,
    report_legal,
    status_is,
    unit_handler,
    unit_of,
)
from tests.api.permission_table import (
    LOGIN,
    PUBLIC,
    ROLE_OF,
    TABLE,
    USERS,
    World,
    deadline,
    snapshot,
    this_week,
)
from tests.api.permission_verify_escalate import SCENARIOS as CLOSURE_SCENARIOS
from tests.factories import PASSWORD

UNKNOWN_ID = 987654321
BAD_TOKEN = {"Authorization": "Bearer not-a-token"}
AREA_CSV = "名称,类型,所属乡镇,纬度,经度,半径米\n新村,村,龙湖镇,34.47,113.71,800\n".encode()

ASSIGN = lambda w, i, u: w.assign_body()                       # noqa: E731
REJECT = lambda w, i, u: {"reason": "不属实"}                   # noqa: E731
MERGE = lambda w, i, u: {"into_item_id": w.new_item()}         # noqa: E731
LONG = lambda w, i, u: {"note": "需要立项", "deadline": deadline(60)}   # noqa: E731
FIXED = lambda w, i, u: w.rectified_body(u)                    # noqa: E731
VERIFY = lambda w, i, u: w.verify_body(i, u)                   # noqa: E731
RECHECK = lambda w, i, u: w.recheck_body(i, u)                 # noqa: E731
RESCHEDULE = lambda w, i, u: {"deadline_working_days": 10, "note": "抽查反弹，重新限期"}  # noqa: E731
ASSIGNED = lambda w, u: w.assigned(unit_of(u))                 # noqa: E731
RECTIFIED = lambda w, u: w.rectified(unit_of(u), unit_handler(u))   # noqa: E731
NEW = lambda w, u: w.new_item()                                # noqa: E731
OTHER_UNIT = lambda w: [("handler2", {"item_id": w.assigned()}),   # noqa: E731
                        ("handler", {"item_id": w.new_item()})]
I = "POST /api/v1/items/{item_id}/actions/"                    # noqa: E741
A = "/api/v1/admin/"


def own_visits(w, user):
    """/visits: a cadre's own check-in for a cadre, everyone's for the readers."""
    if not hasattr(w, "visits"):
        w.visits = {u: w.push(u, w.mutation("visit.checkin", {
            "area_id": w.org.areas[a], "lat": 34.47, "lon": 113.71}))[0]["visit_id"]
            for u, a in (("cadre", "郭老庄"), ("cadre2", "三里岗社区"))}
    expected = {w.visits[user]} if user in w.visits else set(w.visits.values())
    return Ctx(check=lambda w, r: _visit_ids_are(r, expected))


def _visit_ids_are(resp, expected):
    """The answer lists exactly these check-ins."""
    assert resp.status_code == 200, resp.get_json()
    assert {v["id"] for v in resp.get_json()["visits"]} == expected


def feedback_legal(w, user):
    """群众评议 of a public item, from an address of its own."""
    item_id = w.assigned()
    return Ctx(kw={"json": {"target": "item", "id": item_id, "rating": "basic"},
                   "environ_base": {"REMOTE_ADDR": f"10.1.{item_id % 250}.{len(USERS)}"}},
               check=lambda w, r: status_is(201)(w, r))


def feedback_listed(w, user):
    """The office's list of 群众评议 holds the one given."""
    if not hasattr(w, "rated"):
        w.rated = w.assigned()
        w.call("POST", "/api/v1/public/feedback", None, json={
            "target": "item", "id": w.rated, "rating": "unsatisfied", "text": "还是不亮"})
    return Ctx(check=lambda w, r: _rated(r, w.rated))


def _rated(resp, item_id):
    """The list names the rated item."""
    assert resp.status_code == 200, resp.get_json()
    assert [f["item_id"] for f in resp.get_json()["feedback"]] == [item_id]


def draw_legal(w, user):
    """周抽查: the office draws this week's sample of one closed item."""
    item_id = w.rectified()
    w.ok("POST", f"/api/v1/items/{item_id}/actions/verify", "supervisor",
         json=w.verify_body(item_id))
    return Ctx(kw={"json": {"week": this_week(), "size": 5}}, check=lambda w, r: _drawn(r, item_id))


def _drawn(resp, item_id):
    """The draw holds the one item closed this week."""
    assert resp.status_code == 201, resp.get_json()
    assert [e["item_id"] for e in resp.get_json()["spot_check"]["entries"]] == [item_id]


def draw_again(w, user):
    """A week already drawn: 409 already_drawn."""
    w.sampled()
    return Ctx(kw={"json": {"week": this_week(), "size": 5}},
               check=lambda w, r: code_is(r, 409, "already_drawn"))


def draws_listed(w, user):
    """The week's draws, for every reader."""
    if not hasattr(w, "drawn"):
        w.drawn = w.sampled()
    return Ctx(kw={"query_string": {"week": this_week()}},
               check=lambda w, r: _listed(r, w.drawn))


def _listed(resp, item_id):
    """The week's one draw with its one item."""
    assert resp.status_code == 200, resp.get_json()
    draws = resp.get_json()["spot_checks"]
    assert [e["item_id"] for d in draws for e in d["entries"]] == [item_id]


def placard_legal(w, user):
    """The 公示牌 page of an accepted (so public) item."""
    item_id = w.assigned()
    return Ctx({"item_id": item_id}, check=lambda w, r: _placard_is(r, item_id))


def _placard_is(resp, item_id):
    """The printable page of that item."""
    assert resp.status_code == 200 and resp.mimetype == "text/html", resp.status_code
    assert f"台账 #{item_id}" in resp.get_data(as_text=True)


def placard_of_new(w, user):
    """A new item is not public: no 公示牌 (409 not_public)."""
    return Ctx({"item_id": w.new_item()}, check=lambda w, r: code_is(r, 409, "not_public"))


SCENARIOS = {
    "POST /api/v1/auth/login": S(lambda w, u: Ctx(kw={"json": {
        "username": "cadre", "password": PASSWORD}}, check=lambda w, r: me_is(r, "cadre")),
        json_bad("login")),
    "POST /api/v1/auth/logout": S(logout_legal),
    "GET /api/v1/me": S(lambda w, u: Ctx(check=lambda w, r: me_is(r, u))),
    "GET /api/v1/me/reports": S(own_reports, query_bad({"page": "0"}, {"bogus": "1"})),
    "GET /api/v1/visits": S(own_visits, query_bad({"from": "2026-02-30"}, {"bogus": "1"},
                                                  {"per_page": "201"})),
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
    I + "recheck": S(action(lambda w, u: w.sampled(), RECHECK, "assigned"), json_bad("recheck"),
                     illegal=conflict(ASSIGNED, RECHECK)),
    I + "reschedule": S(action(ASSIGNED, RESCHEDULE, "assigned"), json_bad("reschedule"),
                        illegal=conflict(RECTIFIED, RESCHEDULE)),
    "POST /api/v1/spot-checks": S(draw_legal, json_bad("spot-checks"), illegal=draw_again),
    "GET /api/v1/spot-checks": S(draws_listed, query_bad({"week": "2026-W99"}, {"bogus": "1"})),
    I + "{action}": S(lambda w, u: Ctx({"item_id": item_for(w, u), "action": "approve"},
                                       check=lambda w, r: code_is(r, 404, "unknown_action"))),
    "POST /api/v1/items/bulk/assign": S(bulk_legal(lambda w: w.assign_body(),
                                                   "assigned"), json_bad("bulk/assign"),
                                        illegal=bulk_conflict(lambda w: w.assign_body())),
    "POST /api/v1/items/bulk/reject": S(bulk_legal(lambda w: {"reason": "重复"},
                                                   "rejected"), json_bad("bulk/reject"),
                                        illegal=bulk_conflict(lambda w: {"reason": "重复"})),
    "GET /api/v1/items/export": S(export_legal, query_bad({}, {"format": "pdf"})),
    "GET /api/v1/items/{item_id}/placard": S(placard_legal, query_bad(
        {"format": "docx"}, {"bogus": "1"}), illegal=placard_of_new),
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
    "GET /api/v1/reports/duty": S(report_legal("week"),
                                  query_bad({}, {"week": "2026-W48", "month": "2026-11"})),
    "GET /api/v1/reports/cadres": S(report_legal("month"),
                                    query_bad({}, {"month": "2026-11", "year": "2026"})),
    "GET /api/v1/reports/projects": S(report_legal("month"),
                                      query_bad({}, {"month": "1", "x": 1})),
    "GET /api/v1/reports/print.css": S(lambda w, u: Ctx(check=is_css)),
    "GET /api/v1/public/items": S(public_items, query_bad({"bogus": "1"}, {"page": "x"})),
    "GET /api/v1/public/items/{item_id}": S(
        lambda w, u: (lambda i: Ctx({"item_id": i}, check=status_is(200, id=i)))(w.assigned())),
    "POST /api/v1/public/feedback": S(feedback_legal, json_bad("feedback")),
    "GET /api/v1/public/photos/{sha}/display": S(public_photo),
    "GET /api/v1/public/photos/{sha}/thumb": S(public_photo),
    "GET /api/v1/items/{item_id}/publication": S(
        lambda w, u: (lambda i: Ctx({"item_id": i}, check=status_is(200, public=True)))(
            w.assigned())),
    "PATCH /api/v1/items/{item_id}/publication": S(
        lambda w, u: Ctx({"item_id": w.assigned()}, {"json": {
            "hidden": True, "hidden_reason": "涉及隐私"}}, status_is(200, public=False)),
        json_bad("publication")),
    "GET /api/v1/feedback": S(feedback_listed, query_bad({"rating": "great"}, {"bogus": "1"})),
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
    **PROJECT_SCENARIOS,
    **SHEET_SCENARIOS,
    **CLOSURE_SCENARIOS,
    **PUBLIC_PROJECT_SCENARIOS,
}


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
