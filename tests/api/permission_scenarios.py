"""Scenario builders for test_permissions.py: legal states and the checks of their answers.

Each builder makes, through the real API (permission_table.World), a state from which one
operation is legal, and says what a correct answer holds. They live apart from the table of
scenarios and the contract tests so that each file stays readable on its own.
"""

from dataclasses import dataclass, field

from sqlalchemy import select

from server.extensions import db
from server.models import Report
from tests.api.permission_table import READERS, ROLE_OF, invalid_bodies, last_periods
from tests.factories import login, sha


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
                   lambda w, r: code_is(r, 409, "invalid_transition"))
    return legal


def code_is(resp, status, code):
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


def own_reports(w, user):
    """/me/reports: exactly the reports `user` made (a cadre's two items' reports for cadre
    and cadre2, none for the others)."""
    visible(w)
    with w.client.application.app_context():
        mine = set(db.session.execute(select(Report.id).where(
            Report.reporter_id == w.org.users[user])).scalars())
    return Ctx(kw={"query_string": {"per_page": 200}},
               check=lambda w, r: _report_ids_are(r, mine))


def _report_ids_are(resp, expected):
    """The answer lists exactly these reports."""
    assert resp.status_code == 200, resp.get_json()
    assert {r["id"] for r in resp.get_json()["reports"]} == expected


def me_is(resp, user):
    """/me (or a login) names the user."""
    assert status_is(200)(None, resp)["user"]["username"] == user


def is_css(w, resp):
    """The print stylesheet."""
    assert resp.status_code == 200 and resp.mimetype == "text/css"
    assert resp.get_data()
    resp.close()
