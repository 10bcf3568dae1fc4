"""Security against the running production server: throttling, token life, traversal,
headers, and the role x endpoint rules the in-process matrix (tests/api/test_permissions.py)
does not reach: report endpoints, photo variants and offline mutations.

Login attempts come from their own loopback source addresses (127.0.0.x), so that the
per-address limit they provoke does not lock out the other tests.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest

from tests.factories import jpeg_bytes, next_spot, now_iso, sha

SECRETS = (b"root:x:0:0", b"[project]", b"SECRET_KEY", b"argon2", b"password_hash",
           b"BEGIN PRIVATE KEY", b"Traceback")


def _auth(live, user: str) -> dict:
    return {"Authorization": f"Bearer {live.tokens[user]}"}


def _login(live, username, password, source, headers=None):
    return live.call("POST", "/api/v1/auth/login", {"username": username, "password": password},
                     headers=headers, source=source)


# -- brute force ------------------------------------------------------------------------

def test_login_brute_force_on_one_user_gets_429(live):
    source = "127.0.0.2"
    for attempt in range(5):
        resp = _login(live, "cadre2", f"guess-{attempt}", source)
        assert resp.status == 401 and resp.json()["error"]["code"] == "invalid_credentials"
    blocked = _login(live, "cadre2", live.password, source)     # even the right password
    assert blocked.status == 429, blocked
    assert blocked.json()["error"]["code"] == "too_many_attempts"
    assert int(blocked.headers["retry-after"]) > 0
    assert "token" not in blocked.json()
    # from another address the right password still logs in: nobody can lock a named
    # user out by guessing from elsewhere
    assert _login(live, "cadre2", live.password, "127.0.0.4").status == 200
    # other users are not locked out
    assert _login(live, "supervisor", live.password, source).status == 200


def test_login_spraying_from_one_address_gets_429_despite_forwarded_headers(live):
    source = "127.0.0.3"
    unknown = _login(live, "nobody-here", "x", source)
    wrong = _login(live, "handler", "wrong password", source)
    # an unknown user and a wrong password look the same
    assert unknown.status == wrong.status == 401
    assert unknown.json() == wrong.json()
    for i in range(28):
        spoof = {"X-Forwarded-For": f"10.{i}.0.1", "X-Real-IP": f"10.{i}.0.2",
                 "Forwarded": f"for=10.{i}.0.3"}
        resp = _login(live, f"spray{i}", "123456", source, spoof)
        assert resp.status in (401, 429), resp
    resp = _login(live, "office", live.password, source,
                  {"X-Forwarded-For": "203.0.113.7"})
    assert resp.status == 429, resp
    # the address is blocked, not the server
    assert _login(live, "office", live.password, "127.0.0.5").status == 200


# -- token life -------------------------------------------------------------------------

def test_a_token_stops_working_at_logout_and_only_that_token(live):
    t1 = live.login("boss", live.password, source="127.0.0.6")
    t2 = live.login("boss", live.password, source="127.0.0.6")
    assert live.call("GET", "/api/v1/me", token=t1).status == 200
    out = live.call("POST", "/api/v1/auth/logout", token=t1)
    assert out.status == 204
    for method, path, payload in _uses():
        resp = live.call(method, path, payload, token=t1)
        assert resp.status == 401, (method, path, resp)
        if method != "HEAD":
            assert resp.json()["error"]["code"] == "unauthorized"
    assert live.call("POST", "/api/v1/auth/logout", token=t1).status == 401
    assert live.call("GET", "/api/v1/me", token=t2).status == 200


def test_disabling_a_user_stops_all_their_tokens_and_logins(live):
    user_id = live.org.users["handler2"]
    tokens = [live.login("handler2", live.password, source="127.0.0.7") for _ in range(2)]
    assert all(live.call("GET", "/api/v1/me", token=t).status == 200 for t in tokens)
    resp = live.call("PATCH", f"/api/v1/admin/users/{user_id}", {"active": False},
                     token=live.tokens["admin"])
    assert resp.status == 200, resp
    for token in tokens:
        for method, path, payload in _uses():
            assert live.call(method, path, payload, token=token).status == 401, (path, token)
    again = _login(live, "handler2", live.password, "127.0.0.7")
    assert again.status in (401, 403) and "token" not in (again.json() or {})


def _uses():
    """Requests a token is good for: read, sync, photo upload."""
    data = jpeg_bytes(77, (32, 32))
    return [("GET", "/api/v1/me", None), ("GET", "/api/v1/items", None),
            ("GET", "/api/v1/sync/pull?cursor=0", None),
            ("POST", "/api/v1/sync/push", {"device_id": "d", "mutations": []}),
            ("HEAD", f"/api/v1/photos/{sha(data)}", None)]


def test_garbage_tokens_are_401(live):
    for header in ("Bearer", "Bearer ", "Bearer x", "Basic YWRtaW46YWRtaW4=",
                   "Bearer " + "A" * 5000, "bearer " + live.tokens["admin"][:-1],
                   "Bearer " + live.tokens["admin"] + "x", "Bearer\t" + "\x00" * 3):
        resp = live.request("GET", "/api/v1/me", headers={"Authorization": header})
        assert resp.status in (400, 401), (header[:30], resp)


# -- path traversal ---------------------------------------------------------------------

TRAVERSALS = [
    "/api/v1/photos/../../../../etc/passwd",
    "/api/v1/photos/..%2f..%2f..%2f..%2fetc%2fpasswd/original",
    "/api/v1/photos/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd/original",
    "/api/v1/photos/" + ("..\\" * 21) + "a/original",
    "/api/v1/photos/" + ("..%5c" * 12) + "etc%5cpasswd0000/original",
    "/api/v1/photos/" + "%2e" * 64 + "/original",
    "/api/v1/photos/" + "a" * 63 + "%00/original",
    "/api/v1/photos/" + "a" * 64 + "/..%2f..%2f..%2fconfig.py",
    "/api/v1/photos/" + "a" * 64 + "/original%00.jpg",
    "/api/v1/photos/" + "A" * 64 + "/original",
    "/api/v1/public/photos/..%2f..%2f..%2f..%2fetc%2fpasswd/display",
    "/api/v1/public/photos/" + "../" * 21 + "a/display",
    "/api/v1/items/..%2f..%2f..%2fetc%2fpasswd",
    "/api/v1/items/1%2f..%2f2",
    "/api/v1/items/1/../../../admin/users",
    "/api/v1/items/-1",
    "/api/v1/items/0",
    "/api/v1/items/99999999999999999999999",
    "/api/v1/items/9223372036854775808",
    "/api/v1/items/1e3",
    "/api/v1/items/1/actions/..%2f..%2f..%2fadmin%2fusers",
    "/api/v1/admin/users/99999999999999999999999",
    "/../../../../etc/passwd",
    "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/..%2f..%2f..%2fpyproject.toml",
    "/js/..%2f..%2f..%2fserver%2fconfig.py",
    "/js/../../server/config.py",
    "/..%5c..%5cpyproject.toml",
    "//etc/passwd",
    "/sw.js%00.py",
    "/index.html/..%2f..%2fREADME.md",
    "/api/v1/reports/..%2f..%2f..%2fserver%2fconfig.py",
]


@pytest.mark.parametrize("user", ["office", "admin"])
def test_ids_with_path_traversal_reach_nothing(live, user):
    answers = {}
    for path in TRAVERSALS:
        for method in ("GET", "PUT", "HEAD"):
            body = b"\xff\xd8\xff" if method == "PUT" else None
            resp = live.request(method, path, body, _auth(live, user))
            answers[(method, path)] = resp.status
            assert resp.status < 500, (method, path, resp)
            assert not 200 <= resp.status < 300, (method, path, resp)
            for secret in SECRETS:
                assert secret not in resp.body, (method, path, secret)
    # nothing was written outside the photo store by the PUTs
    strays = [p for p in live.workdir.rglob("*")
              if p.is_file() and p.name in ("passwd", "config.py", "pyproject.toml")]
    assert not strays


# -- headers ----------------------------------------------------------------------------

def _header_sample(live):
    """A response of every kind the server gives."""
    office = _auth(live, "office")
    data = jpeg_bytes(91, (48, 32))
    assert live.request("PUT", f"/api/v1/photos/{sha(data)}", data, office).status == 201
    return {
        "login": live.call("POST", "/api/v1/auth/login",
                           {"username": "office", "password": live.password},
                           source="127.0.0.8"),
        "me": live.request("GET", "/api/v1/me", headers=office),
        "unauthorized": live.request("GET", "/api/v1/me"),
        "not_found": live.request("GET", "/api/v1/items/999999", headers=office),
        "method": live.request("DELETE", "/api/v1/me", headers=office),
        "bad_json": live.request("POST", "/api/v1/sync/push", b"{not json", {
            **office, "Content-Type": "application/json"}),
        "openapi": live.request("GET", "/api/v1/openapi.json"),
        "public": live.request("GET", "/api/v1/public/items"),
        "photo": live.request("GET", f"/api/v1/photos/{sha(data)}/original", headers=office),
        "thumb": live.request("GET", f"/api/v1/photos/{sha(data)}/thumb", headers=office),
        "page": live.request("GET", "/"),
        "page_404": live.request("GET", "/no-such-page"),
    }


def test_security_headers_on_every_kind_of_answer(live):
    sample = _header_sample(live)
    for name, resp in sample.items():
        h = resp.headers
        assert resp.status < 500, (name, resp)
        csp = h.get("content-security-policy", "")
        assert "default-src" in csp, (name, h)
        assert "frame-ancestors 'none'" in csp or h.get("x-frame-options") == "DENY", name
        script = [d for d in csp.split(";") if d.strip().startswith(("script-src",
                                                                      "default-src"))]
        assert not any("'unsafe-inline'" in d or "'unsafe-eval'" in d for d in script), csp
        assert h.get("x-content-type-options") == "nosniff", (name, h)
        assert h.get("x-frame-options") == "DENY", (name, h)
        assert h.get("referrer-policy") in ("no-referrer", "same-origin",
                                            "strict-origin-when-cross-origin"), (name, h)
        assert "set-cookie" not in h, (name, h)          # bearer tokens only, no cookies
        assert h.get("access-control-allow-origin") in (None, live.url), (name, h)
        assert b"Traceback" not in resp.body
    for name in ("login", "me", "unauthorized"):
        assert "no-store" in sample[name].headers.get("cache-control", ""), name
    assert sample["page"].status == 200 and "script-src 'self'" in \
        sample["page"].headers["content-security-policy"]


def test_no_cross_origin_access_is_granted(live):
    evil = {"Origin": "https://evil.example", **_auth(live, "office")}
    for method, path in (("GET", "/api/v1/me"), ("OPTIONS", "/api/v1/sync/push"),
                         ("GET", "/api/v1/items")):
        resp = live.request(method, path, headers={
            **evil, "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization"})
        assert resp.status < 500
        assert "access-control-allow-origin" not in resp.headers, (method, path, resp.headers)
        assert "access-control-allow-credentials" not in resp.headers


# -- roles x endpoints beyond tests/api/test_permissions.py ------------------------------

REPORT_READERS = {"supervisor", "office", "admin", "boss"}
USERS = ("cadre", "cadre2", "handler", "supervisor", "office", "admin", "boss")


@pytest.fixture(scope="module")
def ledger(live):
    """An item reported by cadre in 郭老庄 with a photo, assigned to 住建局."""
    cadre = _auth(live, "cadre")
    data = jpeg_bytes(123, (80, 60))
    assert live.request("PUT", f"/api/v1/photos/{sha(data)}", data, cadre).status == 201
    lat, lon = next_spot()
    mutation = {"id": str(uuid.uuid4()), "type": "report.create", "at": now_iso(), "payload": {
        "area_id": live.org.areas["郭老庄"], "category": "infrastructure",
        "description": "桥栏杆松动", "severity": "urgent", "lat": lat, "lon": lon,
        "accuracy_m": 4.0, "captured_at": now_iso(), "photos": [sha(data)]}}
    res = live.call("POST", "/api/v1/sync/push", {"device_id": "sec", "mutations": [mutation]},
                    token=live.tokens["cadre"]).json()["results"][0]
    assert res["status"] == "applied", res
    deadline = (date.today() + timedelta(days=7)).isoformat()
    resp = live.call("POST", f"/api/v1/items/{res['item_id']}/actions/assign",
                     {"unit_id": live.org.units["住建局"], "deadline": deadline, "plan": "加固"},
                     token=live.tokens["office"])
    assert resp.status == 200, resp
    return {"item_id": res["item_id"], "photo": sha(data), "mutation": mutation}


@pytest.mark.parametrize("user", USERS)
def test_reports_and_exports_only_for_readers(live, user):
    week = date.today().isocalendar()
    paths = [f"/api/v1/reports/weekly?week={week.year}-W{week.week:02d}",
             f"/api/v1/reports/monthly?month={date.today():%Y-%m}",
             "/api/v1/items/export?format=csv", "/api/v1/items/export?format=xlsx",
             "/api/v1/admin/users"]
    for path in paths:
        resp = live.request("GET", path, headers=_auth(live, user))
        allowed = user == "admin" if "/admin/" in path else user in REPORT_READERS
        if allowed:
            assert resp.status == 200, (user, path, resp)
        else:
            assert resp.status in (403, 404), (user, path, resp)
            assert resp.json()["error"]["code"] in ("forbidden", "not_found"), resp


@pytest.mark.parametrize("user", USERS)
def test_photo_variants_follow_the_item_scope(live, ledger, user):
    sha_ = ledger["photo"]
    sees_item = user in ("cadre", "handler", "supervisor", "office", "admin", "boss")
    for variant in ("thumb", "display", "original"):
        resp = live.request("GET", f"/api/v1/photos/{sha_}/{variant}", headers=_auth(live, user))
        if variant == "original" and user not in ("supervisor", "office", "admin", "boss"):
            assert resp.status in (403, 404), (user, variant, resp)
        elif sees_item:
            assert resp.status == 200, (user, variant, resp)
        else:
            assert resp.status == 404, (user, variant, resp)


@pytest.mark.parametrize("user", ["cadre", "cadre2", "supervisor", "admin"])
def test_offline_mutations_cannot_act_outside_the_role(live, ledger, user):
    """A pushed item.rectified from anyone but the unit's handler is refused, changing nothing."""
    item_id = ledger["item_id"]
    before = live.call("GET", f"/api/v1/items/{item_id}", token=live.tokens["office"]).json()
    mutation = {"id": str(uuid.uuid4()), "type": "item.rectified", "at": now_iso(),
                "payload": {"item_id": item_id, "note": "已修好", "photos": [ledger["photo"]]}}
    resp = live.call("POST", "/api/v1/sync/push", {"device_id": "x", "mutations": [mutation]},
                     token=live.tokens[user])
    assert resp.status == 200, resp
    result = resp.json()["results"][0]
    assert result["status"] == "rejected", result
    assert result["error"]["code"] in ("forbidden", "not_found"), result
    after = live.call("GET", f"/api/v1/items/{item_id}", token=live.tokens["office"]).json()
    assert after["status"] == before["status"] == "assigned"
    assert len(after["events"]) == len(before["events"])


def test_a_mutation_id_cannot_be_replayed_by_another_user(live, ledger):
    """Someone who learns a mutation id gets `conflict`, not the first user's result."""
    stolen = dict(ledger["mutation"])
    resp = live.call("POST", "/api/v1/sync/push", {"device_id": "x", "mutations": [stolen]},
                     token=live.tokens["cadre2"])
    result = resp.json()["results"][0]
    assert result["status"] == "rejected" and result["error"]["code"] == "conflict", result
    assert "item_id" not in result and "report_id" not in result
