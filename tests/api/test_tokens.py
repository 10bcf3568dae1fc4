"""A new password or a disable ends every token of the user for good, through the API."""

from server.extensions import db
from server.models import User
from tests.factories import PASSWORD

NEW_PASSWORD = "another-secret-9"


def _patch(client, auth, user_id, body):
    """PATCH a user as the admin; the response must be 200."""
    resp = client.patch(f"/api/v1/admin/users/{user_id}", headers=auth("admin"), json=body)
    assert resp.status_code == 200, resp.get_json()
    return resp


def _login(client, username, password):
    """A fresh Authorization header for `username`."""
    resp = client.post("/api/v1/auth/login", json={"username": username, "password": password})
    assert resp.status_code == 200, resp.get_json()
    return {"Authorization": f"Bearer {resp.get_json()['token']}"}


def _me(client, headers) -> int:
    """The status of GET /me with these headers."""
    return client.get("/api/v1/me", headers=headers).status_code


def test_new_password_ends_every_old_token(client, auth, org):
    phone, desktop = _login(client, "handler", PASSWORD), _login(client, "handler", PASSWORD)
    _patch(client, auth, org.users["handler"], {"name": "张伟"})
    assert _me(client, phone) == 200 and _me(client, desktop) == 200
    _patch(client, auth, org.users["handler"], {"password": NEW_PASSWORD})
    assert _me(client, phone) == 401 and _me(client, desktop) == 401
    assert client.post("/api/v1/auth/login", json={
        "username": "handler", "password": PASSWORD}).status_code == 401
    fresh = _login(client, "handler", NEW_PASSWORD)
    assert _me(client, fresh) == 200
    assert _me(client, auth("cadre")) == 200   # nobody else is logged out


def test_admin_changing_own_password_ends_own_tokens(client, auth, org):
    old = auth("admin")
    _patch(client, auth, org.users["admin"], {"password": NEW_PASSWORD})
    assert _me(client, old) == 401
    assert _me(client, _login(client, "admin", NEW_PASSWORD)) == 200


def test_disable_then_enable_does_not_revive_tokens(client, auth, org):
    token = _login(client, "cadre2", PASSWORD)
    _patch(client, auth, org.users["cadre2"], {"active": True})   # already active: no change
    assert _me(client, token) == 200
    _patch(client, auth, org.users["cadre2"], {"active": False})
    assert _me(client, token) == 401
    _patch(client, auth, org.users["cadre2"], {"active": True})
    assert _me(client, token) == 401
    assert _me(client, _login(client, "cadre2", PASSWORD)) == 200


def test_enabling_a_user_disabled_before_the_fix_ends_their_old_tokens(client, auth, app, org):
    token = _login(client, "supervisor", PASSWORD)
    with app.app_context():   # disabled the old way: the flag only, tokens left live
        db.session.get(User, org.users["supervisor"]).active = False
        db.session.commit()
    _patch(client, auth, org.users["supervisor"], {"active": True})
    assert _me(client, token) == 401

