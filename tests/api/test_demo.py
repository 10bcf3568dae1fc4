"""`zhangliang demo` builds a realistic organisation whose every login works."""

from datetime import timedelta

from server.extensions import db
from server.models import Item, User, Visit
from server.reports.calendar import current_calendar
from server.services.clock import local_today
from server.services.duty_settings import duty_rule
from sync.duty import duty_days
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
    _check_ins_are_realistic(app, client)
    _spot_checks_have_a_history(client)
    assert runner.invoke(args=["audit", "verify"]).exit_code == 0
    again = runner.invoke(args=["demo"])
    assert again.exit_code != 0   # refuses to mix into a filled database


def _spot_checks_have_a_history(client):
    """Two past weeks drawn: the older re-checked with one rebound, the newer waiting; last
    week left for the office to draw."""
    draws = client.get("/api/v1/spot-checks", headers=_login(client, "office")).get_json()
    by_age = sorted(draws["spot_checks"], key=lambda d: d["week"])
    assert len(by_age) == 2
    old, new = by_age
    assert old["counts"]["fail"] == 1 and old["counts"]["pending"] == 0
    assert old["counts"]["pass"] >= 1
    assert new["counts"]["pending"] == len(new["entries"]) >= 1
    assert all(e["supervisor_name"] and e["supervisor_name"] != e["closed_by_name"]
               for d in by_age for e in d["entries"])


def _login(client, username):
    """The Authorization header of a demo user."""
    token = client.post("/api/v1/auth/login", json={
        "username": username, "password": "演示密码1"}).get_json()["token"]
    return {"Authorization": f"Bearer {token}"}


def _check_ins_are_realistic(app, client):
    """Six weeks of check-ins: most count, a few outside or not the cadre's own, one late,
    reports made on visits; cadres out on most duty days (cadre4 on half), and the areas
    nobody has visited for five weeks due in their cadre's /me."""
    with app.app_context():
        visits = db.session.query(Visit).all()
        today = local_today()
        rule, cal = duty_rule(), current_calendar()
        window = duty_days(today - timedelta(days=41), today, rule, cal)
        assert len(visits) >= 30
        assert sum(v.counts for v in visits) > 0.8 * len(visits)
        assert sum(v.outside_area for v in visits) >= 3
        assert sum(not v.assigned for v in visits) >= 3 and any(v.late for v in visits)
        out = {}
        for v in visits:
            if v.counts and v.day in window:
                out.setdefault(v.user_id, set()).add(v.day)
        names = dict(db.session.query(User.id, User.username).all())
    rates = {names[u]: len(days) / len(window) for u, days in out.items()}
    assert all(rates[c] >= 0.6 for c in ("cadre", "cadre2", "cadre3")), rates
    assert 0.3 <= rates["cadre4"] <= 0.6, rates
    listed = client.get("/api/v1/visits?per_page=200", headers=_login(client, "office"))
    assert listed.get_json()["total"] == len(visits)
    assert any(v["reports"] for v in listed.get_json()["visits"])
    for cadre in ("cadre2", "cadre3", "cadre4"):
        duty = client.get("/api/v1/me", headers=_login(client, cadre)).get_json()["duty"]
        due = [a for a in duty["areas"] if a["due"]]
        assert any((a["weeks_since_visit"] or 0) >= 5 for a in due), duty["areas"]
        assert len(due) < len(duty["areas"]) and duty["month"]["areas_assigned"] >= 3


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
