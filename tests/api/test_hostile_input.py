"""Hostile input classes answered 4xx in the shared shape, before anything is stored.

Each class once became a 5xx: deep nesting (the JSON decoder's recursion), huge integers
(Python's integer-string limit, PostgreSQL's bigint), lone surrogates (UTF-8 answers),
NUL (PostgreSQL's text), datetimes whose UTC time does not exist. The endpoints are taken
from the OpenAPI document, so a new endpoint is covered without being listed here.
"""

import json
import uuid

import pytest

from server.extensions import db
from server.models import Area, Event, Item, Mutation, User
from tests.factories import now_iso

OPENAPI = "/api/v1/openapi.json"
DEEP = "[" * 10_000 + "]" * 10_000
HUGE = "9" * 5000


def _json_operations(client) -> list[tuple[str, str]]:
    """Every (method, path) of the document that takes a JSON body."""
    doc = client.get(OPENAPI).get_json()
    out = []
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            if not isinstance(op, dict):
                continue  # the path's own `parameters`
            body = op.get("requestBody", {}).get("content", {})
            if "application/json" in body:
                out.append((method.upper(), path))
    assert len(out) >= 15, out
    return out


def _fill(path: str, item_id: int) -> str:
    """A path with its parameters filled in by existing ids."""
    return (path.replace("{item_id}", str(item_id)).replace("{user_id}", "1")
            .replace("{unit_id}", "1").replace("{area_id}", "1").replace("{project_id}", "1"))


def _assert_error(resp, statuses):
    """A 4xx in the shared error shape."""
    assert resp.status_code in statuses, (resp.status_code, resp.get_data()[:300])
    body = resp.get_json()
    assert set(body["error"]) == {"code", "message", "details"}, body


def _ledger(app):
    """What a refused request must leave as it was."""
    with app.app_context():
        return (db.session.query(Event).count(), db.session.query(Item).count(),
                db.session.query(Mutation).count(), db.session.query(User).count())


def test_deep_nesting_on_every_json_endpoint_is_400_for_those_who_may_send(
        client, auth, app, new_item):
    item_id = new_item()
    before = _ledger(app)
    for method, path in _json_operations(client):
        url = _fill(path, item_id)
        for headers in (auth("office"), auth("admin"), auth("cadre"), {}):
            resp = client.open(url, method=method, data=DEEP, headers=headers,
                               content_type="application/json")
            assert resp.status_code < 500, (method, path, resp.status_code)
            _assert_error(resp, {400, 401, 403, 404})
            if resp.status_code == 400:
                assert resp.get_json()["error"]["code"] == "malformed_json", (method, path)
    assert _ledger(app) == before


def test_no_token_is_401_whatever_the_body(client, new_item):
    item_id = new_item()
    for method, path in _json_operations(client):
        if path.startswith("/api/v1/public") or path == "/api/v1/auth/login":
            continue
        resp = client.open(_fill(path, item_id), method=method, json={"bogus": [1, 2]})
        _assert_error(resp, {401})


@pytest.mark.parametrize("bad", ["\ud83d", "a\x00b", "\udfff尾"])
def test_bad_text_in_login_is_422_not_5xx(client, org, bad):
    for body in ({"username": bad, "password": "x"},
                 {"username": "cadre", "password": bad},
                 {"username": "cadre", "password": "x", "device_name": bad}):
        resp = client.post("/api/v1/auth/login", data=json.dumps(body),
                           content_type="application/json")
        _assert_error(resp, {401, 422})
        assert resp.get_data().decode("utf-8")  # the answer itself is valid UTF-8


@pytest.mark.parametrize("bad", ["\ud83d", "nul\x00here"])
def test_bad_text_in_an_item_action_changes_nothing(client, auth, app, new_item, bad):
    item_id = new_item()
    before = _ledger(app)
    resp = client.post(f"/api/v1/items/{item_id}/actions/reject", headers=auth("office"),
                       data=json.dumps({"reason": bad}), content_type="application/json")
    _assert_error(resp, {422})
    assert resp.get_json()["error"]["code"] == "validation_failed"
    assert _ledger(app) == before


def test_bad_text_as_a_key_is_refused_and_the_answer_is_valid_utf8(client, auth, new_item):
    item_id = new_item()
    resp = client.post(f"/api/v1/items/{item_id}/actions/reject", headers=auth("office"),
                       data=json.dumps({"reason": "x", "\ud83d\x00": 1}),
                       content_type="application/json")
    _assert_error(resp, {422})
    text = resp.get_data().decode("utf-8")
    assert "\\u0000" not in text and "\x00" not in text


@pytest.mark.parametrize("number", [HUGE, "-" + HUGE, "99999999999999999999", "1e999"])
def test_huge_numbers_in_bodies_are_422(client, auth, app, new_item, number):
    item_id = new_item()
    before = _ledger(app)
    assign = '{"unit_id": ' + number + ', "deadline": "2030-01-01", "plan": "修"}'
    resp = client.post(f"/api/v1/items/{item_id}/actions/assign", headers=auth("office"),
                       data=assign, content_type="application/json")
    _assert_error(resp, {422})
    assert _ledger(app) == before


@pytest.mark.parametrize("query", ["q=%00", "q=a%00b", "page=99999999999999999999",
                                   "unit_id=" + HUGE, "area_id=-99999999999999999999"])
def test_hostile_query_strings_are_422(client, auth, query):
    resp = client.get(f"/api/v1/items?{query}", headers=auth("office"))
    _assert_error(resp, {422})


@pytest.mark.parametrize("path", ["/api/v1/items/99999999999999999999",
                                  "/api/v1/items/9223372036854775808",
                                  "/api/v1/items/" + "9" * 400])
def test_ids_beyond_any_column_are_404(client, auth, path):
    _assert_error(client.get(path, headers=auth("office")), {404})
    resp = client.post(path + "/actions/assign", headers=auth("office"), json={})
    _assert_error(resp, {404})
    _assert_error(client.get(path), {401})  # the token is checked first, as everywhere


@pytest.mark.parametrize("path", ["/api/v1/admin/users/0", "/api/v1/admin/units/-1",
                                  "/api/v1/admin/areas/" + "9" * 30,
                                  "/api/v1/admin/users/3370730353",
                                  "/api/v1/admin/areas/142357868638"])
def test_ids_naming_nothing_are_401_then_404(client, auth, path):
    _assert_error(client.patch(path, json={"name": 5}), {401})
    _assert_error(client.patch(path, json={"name": 5}, headers=auth("cadre")), {403})
    _assert_error(client.patch(path, json={"name": 5}, headers=auth("admin")), {404})


def _report_json(area: int, raw_fields: dict | None = None) -> str:
    """A report.create mutation as JSON text; `raw_fields` replace payload fields by raw
    JSON text (so that what json.dumps would never write can be sent)."""
    from tests.factories import next_spot

    lat, lon = next_spot()
    fields = {"area_id": str(area), "category": '"infrastructure"',
              "description": json.dumps(f"路灯不亮{uuid.uuid4().hex[:6]}"),
              "lat": repr(lat), "lon": repr(lon), "accuracy_m": "8.0",
              "captured_at": json.dumps(now_iso()), "photos": "[]"}
    fields.update(raw_fields or {})
    payload = ", ".join(f"{k if k.startswith(chr(34)) else json.dumps(k)}: {v}"
                        for k, v in fields.items())
    head = json.dumps({"id": str(uuid.uuid4()), "type": "report.create", "at": now_iso()})
    return head[:-1] + ', "payload": {' + payload + "}}"


BAD_FIELDS = {
    "lone surrogate": {"description": '"井盖\\ud83d坏了"'},
    "nul": {"description": '"井盖\\u0000坏了"'},
    "huge lat": {"lat": HUGE},
    "huge negative lon": {"lon": "-" + HUGE},
    "huge area": {"area_id": HUGE},
    "bigint visit": {"visit_id": "99999999999999999999"},
    "overflowing time": {"captured_at": '"9999-12-31T23:59:59-14:00"'},
    "surrogate key": {'"\\ud83d"': "1"},
    "infinite accuracy": {"accuracy_m": "1e999"},
}


@pytest.mark.parametrize("kind", BAD_FIELDS)
def test_one_hostile_mutation_is_rejected_alone_and_the_same_on_resend(
        client, auth, app, org, kind):
    area = org.areas["郭老庄"]
    mutations = [_report_json(area), _report_json(area, BAD_FIELDS[kind]), _report_json(area)]
    body = '{"device_id": "fuzz", "mutations": [' + ", ".join(mutations) + "]}"
    answers = []
    for _ in range(2):
        resp = client.post("/api/v1/sync/push", headers=auth("cadre"), data=body.encode(),
                           content_type="application/json")
        assert resp.status_code == 200, resp.get_data()[:300]
        resp.get_data().decode("utf-8")
        answers.append(resp.get_json()["results"])
    first, again = answers
    assert [r["status"] for r in first] == ["applied", "rejected", "applied"], first
    assert first[1]["error"]["code"] == "validation_failed"
    assert again[0]["status"] == again[2]["status"] == "duplicate", again
    assert again[1]["status"] == "rejected", again  # refused before it is stored: again
    assert again[1]["error"] == first[1]["error"]


@pytest.mark.parametrize("sheet", [
    "名称,类型,所属乡镇,纬度,经度,半径米\n孟\x00庄,村,,34.4,113.7,500\n".encode(),
    "名称,类型,所属乡镇,纬度,经度,半径米\n孟庄,村,,34.4,113.7,500\n\x00\n".encode("gb18030"),
])
def test_a_sheet_with_nul_is_refused_whole(client, auth, app, sheet):
    with app.app_context():
        areas = db.session.query(Area).count()
    resp = client.post("/api/v1/admin/import/areas", headers=auth("admin"), data=sheet,
                       content_type="text/csv")
    _assert_error(resp, {422})
    assert resp.get_json()["error"]["code"] in ("bad_sheet", "import_failed")
    with app.app_context():
        assert db.session.query(Area).count() == areas
