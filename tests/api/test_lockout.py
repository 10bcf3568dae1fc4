"""The failed-login limit cannot lock a named user out, and the client address behind
a proxy is taken from X-Forwarded-For only when the proxy is trusted."""

import pytest

from server import create_app
from server.extensions import db
from tests.factories import PASSWORD

LOGIN = "/api/v1/auth/login"


def _try(client, username, password, addr=None, forwarded=None):
    """One login attempt from REMOTE_ADDR `addr`, optionally with X-Forwarded-For."""
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    env = {"REMOTE_ADDR": addr} if addr else {}
    return client.post(LOGIN, json={"username": username, "password": password},
                       headers=headers, environ_base=env)


@pytest.fixture
def proxied(app, database_url, tmp_path):
    """A second app on the same database that trusts one proxy hop."""
    behind = create_app({"DATA_DIR": str(tmp_path), "DATABASE_URL": database_url,
                         "PASSWORD_HASH_COST": "low", "TESTING": True, "TRUSTED_PROXIES": 1})
    yield behind
    with behind.app_context():
        db.session.remove()
        db.engine.dispose()


def test_guesses_from_one_address_do_not_lock_the_user_elsewhere(client, org):
    for _ in range(5):
        assert _try(client, "handler2", "wrong", "198.51.100.1").status_code == 401
    assert _try(client, "handler2", PASSWORD, "198.51.100.1").status_code == 429
    assert _try(client, "handler2", PASSWORD, "198.51.100.2").status_code == 200


def test_guesses_spread_over_addresses_never_lock_the_user(client, org):
    for i in range(12):
        assert _try(client, "handler2", "wrong", f"198.51.100.{i + 10}").status_code == 401
    assert _try(client, "handler2", PASSWORD, "198.51.100.99").status_code == 200


def test_behind_a_trusted_proxy_each_client_has_its_own_count(proxied, org):
    proxied.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] = 4
    client = proxied.test_client()
    for i in range(4):
        assert _try(client, f"ghost{i}", "x", "127.0.0.1", "203.0.113.5").status_code == 401
    assert _try(client, "cadre", PASSWORD, "127.0.0.1", "203.0.113.5").status_code == 429
    assert _try(client, "cadre", PASSWORD, "127.0.0.1", "203.0.113.6").status_code == 200
    # only the hop the proxy appended is believed, not what the client wrote before it
    spoof = _try(client, "cadre", PASSWORD, "127.0.0.1", "203.0.113.7, 203.0.113.5")
    assert spoof.status_code == 429


def test_without_trusted_proxies_forwarded_for_is_ignored(app, proxied, org):
    app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] = 4
    proxied.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] = 4
    try:
        client = app.test_client()
        for i in range(4):
            _try(client, f"ghost{i}", "x", "192.0.2.9", f"203.0.113.{i + 20}")
        assert _try(client, "cadre", PASSWORD, "192.0.2.9", "203.0.113.50").status_code == 429
        # the same forwarded header through the trusted proxy is a client of its own
        behind = proxied.test_client()
        assert _try(behind, "cadre", PASSWORD, "192.0.2.9", "203.0.113.50").status_code == 200
    finally:
        app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] = 30
