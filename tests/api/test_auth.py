"""Login, logout, token lifetime, disabled users and the failed-login limit."""

from server.extensions import db
from server.models import Token, User
from tests.factories import PASSWORD


def test_login_returns_token_and_user(client, org):
    resp = client.post("/api/v1/auth/login",
                       json={"username": "cadre", "password": PASSWORD, "device_name": "华为"})
    assert resp.status_code == 200
    body = resp.get_json()
    assert len(body["token"]) >= 40
    assert body["user"]["username"] == "cadre" and body["user"]["roles"] == ["cadre"]


def test_wrong_password_is_401_with_error_shape(client, org):
    resp = client.post("/api/v1/auth/login", json={"username": "cadre", "password": "nope"})
    assert resp.status_code == 401
    err = resp.get_json()["error"]
    assert err["code"] == "invalid_credentials" and err["message"] and "details" in err


def test_unknown_user_is_401_too(client, org):
    resp = client.post("/api/v1/auth/login", json={"username": "ghost", "password": "x"})
    assert resp.get_json()["error"]["code"] == "invalid_credentials"


def test_repeated_failures_per_username_get_429(client, org):
    for _ in range(5):
        client.post("/api/v1/auth/login", json={"username": "office", "password": "bad"})
    resp = client.post("/api/v1/auth/login", json={"username": "office", "password": PASSWORD})
    assert resp.status_code == 429
    assert resp.get_json()["error"]["code"] == "too_many_attempts"
    assert int(resp.headers["Retry-After"]) > 0
    # another user from another address is not affected
    ok = client.post("/api/v1/auth/login", json={"username": "cadre", "password": PASSWORD},
                     environ_base={"REMOTE_ADDR": "10.9.9.9"})
    assert ok.status_code == 200


def test_repeated_failures_per_address_get_429(client, org, app):
    app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] = 4
    try:
        env = {"REMOTE_ADDR": "192.0.2.7"}
        for i in range(4):
            client.post("/api/v1/auth/login", json={"username": f"u{i}", "password": "x"},
                        environ_base=env)
        resp = client.post("/api/v1/auth/login",
                           json={"username": "cadre", "password": PASSWORD}, environ_base=env)
        assert resp.status_code == 429
    finally:
        app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] = 30


def test_logout_revokes_token(client, auth):
    h = auth("cadre")
    assert client.get("/api/v1/me", headers=h).status_code == 200
    assert client.post("/api/v1/auth/logout", headers=h).status_code == 204
    resp = client.get("/api/v1/me", headers=h)
    assert resp.status_code == 401 and resp.get_json()["error"]["code"] == "unauthorized"


def test_disabled_user_token_stops_working(client, auth, app, org):
    h = auth("handler")
    with app.app_context():
        db.session.get(User, org.users["handler"]).active = False
        db.session.commit()
    assert client.get("/api/v1/me", headers=h).status_code == 401
    resp = client.post("/api/v1/auth/login", json={"username": "handler", "password": PASSWORD})
    assert resp.status_code == 401


def test_token_is_stored_hashed(client, auth, app):
    token = auth("cadre")["Authorization"].split()[1]
    with app.app_context():
        rows = db.session.execute(db.text("SELECT token_hash FROM tokens")).scalars().all()
    assert token not in rows and len(rows) == 1 and len(rows[0]) == 64


def test_expired_token_is_refused(client, auth, app):
    h = auth("cadre")
    with app.app_context():
        db.session.execute(db.text("UPDATE tokens SET expires_at = '2000-01-01 00:00:00'"))
        db.session.commit()
    assert client.get("/api/v1/me", headers=h).status_code == 401


def test_token_lasts_more_than_a_week_of_field_work(client, auth, app):
    auth("cadre")
    with app.app_context():
        tok = db.session.execute(db.select(Token)).scalar_one()
    assert (tok.expires_at - tok.created_at).days >= 14


def test_missing_or_garbage_token(client, org):
    assert client.get("/api/v1/me").status_code == 401
    assert client.get("/api/v1/me", headers={"Authorization": "Bearer abc"}).status_code == 401
    assert client.get("/api/v1/me", headers={"Authorization": "Basic abc"}).status_code == 401


def test_me_has_what_the_phone_needs(client, auth, org):
    body = client.get("/api/v1/me", headers=auth("cadre")).get_json()
    assert body["user"]["username"] == "cadre"
    assigned = [a for a in body["areas"] if a["assigned"]]
    assert [a["name"] for a in assigned] == ["郭老庄"]
    assert body["areas"][0]["name"] == "郭老庄"
    assert {c["code"] for c in body["categories"]} == {"infrastructure", "health", "other"}
    assert {u["name"] for u in body["units"]} == {"住建局", "城管局"}
    assert body["settings"] == {"verify_max_distance_m": 300.0}


def test_malformed_login_bodies(client, org):
    assert client.post("/api/v1/auth/login", data="{not json",
                       content_type="application/json").status_code == 400
    resp = client.post("/api/v1/auth/login", json={"username": 5})
    assert resp.status_code == 422
    assert resp.get_json()["error"]["code"] == "validation_failed"
    assert "password" in resp.get_json()["error"]["details"]["fields"]["json"]
