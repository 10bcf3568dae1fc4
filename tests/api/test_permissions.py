"""Every role against every endpoint: the server decides, not the interface.

The table lists, for each endpoint, which roles may use it. A role outside the list
must get 401/403/404 and change nothing; anonymous callers get 401 everywhere but
the public endpoints and login.
"""

from datetime import date, timedelta

import pytest

from server.extensions import db
from server.models import Event, Item

ROLES = ("cadre", "handler", "supervisor", "office", "admin")
USERS = ROLES + ("cadre2", "handler2")   # a cadre of another area, a handler of another unit
DEADLINE = (date.today() + timedelta(days=5)).isoformat()

# endpoint -> roles allowed (the item is in 郭老庄, reported by cadre, assigned to 住建局,
# whose handler is `handler`).
READS = {
    "GET /api/v1/me": set(USERS),
    "GET /api/v1/items": set(USERS),
    "GET /api/v1/items/{id}": {"cadre", "handler", "supervisor", "office", "admin"},
    "GET /api/v1/sync/pull": set(USERS),
}
ACTIONS = {
    "assign": ({"office"}, {"unit_id": 1, "deadline": DEADLINE, "plan": "x"}),
    "reject": ({"office"}, {"reason": "不属实"}),
    "long_term": ({"handler", "office"}, {"note": "需要立项"}),
    "split": ({"office"}, {"report_id": 1}),
    "merge": ({"office"}, {"into_item_id": 1}),
}


@pytest.fixture
def assigned(client, auth, org, new_item):
    """An item assigned to 住建局."""
    item_id = new_item()
    resp = client.post(f"/api/v1/items/{item_id}/actions/assign", headers=auth("office"),
                       json={"unit_id": org.units["住建局"], "deadline": DEADLINE, "plan": "修"})
    assert resp.status_code == 200
    return item_id


@pytest.mark.parametrize("endpoint", READS)
@pytest.mark.parametrize("role", USERS + (None,))
def test_reads(client, auth, assigned, endpoint, role):
    method, path = endpoint.split()
    headers = auth(role) if role else {}
    resp = client.open(path.replace("{id}", str(assigned)), method=method, headers=headers)
    if role is None:
        assert resp.status_code == 401
        return
    assert resp.status_code == (200 if role in READS[endpoint] else 404)
    body = resp.get_json()
    if "items" in body:   # lists show the item exactly to those who may read it
        listed = assigned in [i["id"] for i in body["items"]]
        assert listed == (role in READS["GET /api/v1/items/{id}"])


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", USERS + (None,))
def test_actions_on_a_new_item(client, auth, app, new_item, action, role):
    allowed, body = ACTIONS[action]
    item_id = new_item()
    with app.app_context():
        events_before = db.session.query(Event).count()
    headers = auth(role) if role else {}
    resp = client.post(f"/api/v1/items/{item_id}/actions/{action}", json=body, headers=headers)
    if role is None:
        assert resp.status_code == 401
    elif role not in allowed:
        assert resp.status_code in (403, 404), resp.get_json()
    else:
        assert resp.status_code not in (401, 403), resp.get_json()
    if role not in allowed:
        with app.app_context():
            assert db.session.query(Event).count() == events_before
            assert db.session.get(Item, item_id).status == "new"


@pytest.mark.parametrize("role", USERS)
def test_only_the_units_handler_rectifies(client, auth, assigned, upload_one, role):
    photo = upload_one(role)
    resp = client.post(f"/api/v1/items/{assigned}/actions/rectified", headers=auth(role),
                       json={"note": "已修复", "photos": [photo]})
    if role == "handler":
        assert resp.get_json()["status"] == "rectified"
    else:
        assert resp.status_code in (403, 404)


@pytest.mark.parametrize("role", USERS)
def test_only_supervisors_verify(client, auth, assigned, upload_one, role):
    client.post(f"/api/v1/items/{assigned}/actions/rectified", headers=auth("handler"),
                json={"note": "已修复", "photos": [upload_one("handler")]})
    item = client.get(f"/api/v1/items/{assigned}", headers=auth("office")).get_json()
    resp = client.post(f"/api/v1/items/{assigned}/actions/verify", headers=auth(role), json={
        "decision": "accept", "satisfaction": "satisfied", "photos": [upload_one(role)],
        "lat": item["lat"], "lon": item["lon"]})
    if role == "supervisor":
        assert resp.status_code == 200 and resp.get_json()["status"] == "closed"
    else:
        assert resp.status_code in (403, 404)


def test_security_headers(client, auth, org):
    for resp in (client.get("/api/v1/me", headers=auth("cadre")), client.get("/api/v1/items"),
                 client.get("/api/v1/openapi.json")):
        assert resp.headers["X-Content-Type-Options"] == "nosniff"
        assert "default-src" in resp.headers["Content-Security-Policy"]
        assert resp.headers["X-Frame-Options"] == "DENY"
