"""No change may leave the system without an active admin: 409 last_admin, checked after
404 and the body, and safe when two admins disable each other at the same moment."""

import threading
import time

from sqlalchemy import text

from server.extensions import db
from server.models import User
from server.services.users import create_user
from tests.factories import PASSWORD


def _patch(client, headers, user_id, body):
    """PATCH a user."""
    return client.patch(f"/api/v1/admin/users/{user_id}", headers=headers, json=body)


def _admin_state(app, user_id):
    """(active, roles) of a user as stored."""
    with app.app_context():
        user = db.session.get(User, user_id)
        return user.active, user.roles


def _second_admin(app) -> int:
    """Create `admin2` with the admin role; its id."""
    with app.app_context():
        user_id = create_user("admin2", PASSWORD, ["admin"]).id
        db.session.commit()
        return user_id


def test_only_admin_cannot_disable_itself(client, auth, app, org):
    h, me = auth("admin"), org.users["admin"]
    resp = _patch(client, h, me, {"active": False})
    assert resp.status_code == 409
    err = resp.get_json()["error"]
    assert err["code"] == "last_admin" and err["message"] == "至少需要保留一名可用的系统管理员"
    assert _admin_state(app, me) == (True, ["admin"])
    assert client.get("/api/v1/admin/users", headers=h).status_code == 200


def test_only_admin_cannot_drop_its_admin_role(client, auth, app, org):
    h, me = auth("admin"), org.users["admin"]
    assert _patch(client, h, me, {"roles": ["admin", "office"]}).status_code == 200
    resp = _patch(client, h, me, {"roles": ["office"], "name": "改名"})
    assert resp.status_code == 409 and resp.get_json()["error"]["code"] == "last_admin"
    with app.app_context():
        user = db.session.get(User, me)
        assert (user.roles, user.name, user.active) == (["admin", "office"], "admin", True)


def test_another_active_admin_allows_the_change(client, auth, app, org):
    h, me, other = auth("admin"), org.users["admin"], _second_admin(app)
    assert _patch(client, h, other, {"active": False}).status_code == 200
    assert _patch(client, h, me, {"active": False}).status_code == 409
    assert _patch(client, h, other, {"active": True}).status_code == 200
    assert _patch(client, h, me, {"roles": ["office"]}).status_code == 200
    assert _admin_state(app, me) == (True, ["office"])
    assert _admin_state(app, other) == (True, ["admin"])


def test_errors_come_in_order_404_body_then_409(client, auth, org):
    h, me = auth("admin"), org.users["admin"]
    assert _patch(client, h, 99999, {"active": False}).status_code == 404
    bad = _patch(client, h, me, {"active": "不要"})
    assert bad.status_code == 422
    no_unit = _patch(client, h, me, {"active": False, "roles": ["handler"]})
    assert no_unit.status_code == 422
    assert no_unit.get_json()["error"]["details"] == {"field": "unit_id"}
    assert _patch(client, h, me, {"active": False}).status_code == 409


def _blocked_count(app, blocker_pid) -> int:
    """How many sessions wait on the blocker's locks, directly or in its queue (PostgreSQL)."""
    with app.app_context(), db.engine.connect() as conn:
        return conn.execute(text(
            "WITH RECURSIVE w(pid) AS ("
            " SELECT pid FROM pg_stat_activity WHERE :pid = ANY(pg_blocking_pids(pid))"
            " UNION SELECT a.pid FROM pg_stat_activity a JOIN w"
            " ON w.pid = ANY(pg_blocking_pids(a.pid)))"
            " SELECT count(*) FROM w"), {"pid": blocker_pid}).scalar_one()


def _wait_until_both_wait(app, conn) -> None:
    """Return once both requests queue behind `conn` (on SQLite, after a pause)."""
    if conn.dialect.name != "postgresql":
        time.sleep(1.0)
        return
    pid = conn.execute(text("SELECT pg_backend_pid()")).scalar_one()
    deadline = time.monotonic() + 20
    while _blocked_count(app, pid) < 2:
        assert time.monotonic() < deadline, "the two requests never reached the users rows"
        time.sleep(0.05)


def test_two_admins_disabling_each_other_at_once_leave_one(client, auth, app, org):
    first, second = org.users["admin"], _second_admin(app)
    heads = {first: auth("admin"), second: auth("admin2")}
    results = {}

    def disable(actor, target):
        results[actor] = _patch(app.test_client(), heads[actor], target,
                                {"active": False}).status_code

    threads = [threading.Thread(target=disable, args=(first, second)),
               threading.Thread(target=disable, args=(second, first))]
    with app.app_context(), db.engine.connect() as conn:
        with conn.begin():   # hold both admin rows so the two requests overlap
            conn.execute(text("UPDATE users SET name = name WHERE id IN (:a, :b)"),
                         {"a": first, "b": second})
            for thread in threads:
                thread.start()
            _wait_until_both_wait(app, conn)
    for thread in threads:
        thread.join(30)
    # the loser is refused: 409, or 401 when it only authenticates after the winner's
    # disable ended its tokens (SQLite queues whole requests)
    assert sorted(results.values()) in ([200, 401], [200, 409]), results
    states = {first: _admin_state(app, first)[0], second: _admin_state(app, second)[0]}
    assert sorted(states.values()) == [False, True]
    survivor = first if states[first] else second
    assert _patch(client, heads[survivor], survivor, {"active": False}).status_code == 409
