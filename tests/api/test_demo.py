"""`zhangliang demo` builds a realistic organisation whose every login works."""

from server.extensions import db
from server.models import Item
from sync.workflow import STATES

ROLE_USERS = ("admin", "office", "supervisor", "handler", "cadre")


def test_demo_fills_every_state_and_logins_work(app, client):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["demo", "--password", "演示密码1"])
    assert result.exit_code == 0, result.output
    for username in ROLE_USERS:
        assert f"  {username} " in result.output
        resp = client.post("/api/v1/auth/login",
                           json={"username": username, "password": "演示密码1"})
        assert resp.status_code == 200, username
    with app.app_context():
        items = db.session.query(Item).all()
        assert len(items) >= 40
        assert {i.status for i in items} == set(STATES)
        assert any(i.leader_led for i in items) and any(i.return_count for i in items)
    token = client.post("/api/v1/auth/login", json={"username": "office",
                                                    "password": "演示密码1"}).get_json()["token"]
    h = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/items?overdue=true", headers=h).get_json()["total"] > 0
    listed = client.get("/api/v1/items?per_page=200", headers=h).get_json()
    assert listed["total"] == len(items)
    assert runner.invoke(args=["audit", "verify"]).exit_code == 0
    again = runner.invoke(args=["demo"])
    assert again.exit_code != 0   # refuses to mix into a filled database


def test_init_twice_keeps_data(app, client):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["user", "create", "chen", "--password", "pw12345678",
                               "--role", "office", "--name", "陈主任"]).exit_code == 0
    assert runner.invoke(args=["init"]).exit_code == 0
    resp = client.post("/api/v1/auth/login", json={"username": "chen", "password": "pw12345678"})
    assert resp.status_code == 200 and resp.get_json()["user"]["name"] == "陈主任"


def test_user_create_refuses_bad_input(app):
    runner = app.test_cli_runner()
    bad = runner.invoke(args=["user", "create", "h1", "--password", "x", "--role", "handler"])
    assert bad.exit_code != 0 and "unit" in bad.output
    bad = runner.invoke(args=["user", "create", "c1", "--password", "x", "--role", "cadre",
                              "--area", "999"])
    assert bad.exit_code != 0
    ok = runner.invoke(args=["user", "create", "c1", "--password", "x", "--role", "cadre"])
    assert ok.exit_code == 0
    dup = runner.invoke(args=["user", "create", "c1", "--password", "x", "--role", "cadre"])
    assert dup.exit_code != 0
