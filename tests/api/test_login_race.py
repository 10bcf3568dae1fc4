"""A token issued by a login racing a password change does not outlive the change.

The login checks the password and then stores its token; an admin's new password (which
ends every token of the user) can commit in between. The login holds the user's row from
the check to its commit, so it either sees the new password (and is refused) or commits
first (and its token is ended by the change).
"""

import threading
import time

from sqlalchemy import text

from server.extensions import db
from server.models import User
from server.services.auth import hash_password
from tests.factories import PASSWORD


def _wait_until_blocked(app, conn, done: threading.Event) -> None:
    """Return once the login waits for `conn`'s row lock (on SQLite, after a pause, since
    a SQLite writer queues whole transactions and shows no waiters)."""
    if conn.dialect.name != "postgresql":
        time.sleep(0.5)
        return
    pid = conn.execute(text("SELECT pg_backend_pid()")).scalar_one()
    deadline = time.monotonic() + 20
    while not done.is_set():
        with app.app_context(), db.engine.connect() as probe:
            waiting = probe.execute(text(
                "SELECT count(*) FROM pg_stat_activity WHERE :pid = ANY(pg_blocking_pids(pid))"),
                {"pid": pid}).scalar_one()
        if waiting:
            return
        assert time.monotonic() < deadline, "the login never reached the user's row"
        time.sleep(0.02)


def test_a_login_racing_a_password_change_leaves_no_live_token(app, client, org):
    user_id = org.users["handler"]
    answer = {}
    done = threading.Event()

    def log_in():
        resp = app.test_client().post("/api/v1/auth/login", json={
            "username": "handler", "password": PASSWORD})
        answer["status"], answer["body"] = resp.status_code, resp.get_json()
        done.set()

    with app.app_context(), db.engine.connect() as conn:
        with conn.begin():  # the admin's change, held open: new hash, every token ended
            conn.execute(text("UPDATE users SET password_hash = :h WHERE id = :id"),
                         {"h": hash_password("a-new-secret-9"), "id": user_id})
            conn.execute(text("UPDATE tokens SET revoked_at = CURRENT_TIMESTAMP "
                              "WHERE user_id = :id AND revoked_at IS NULL"), {"id": user_id})
            thread = threading.Thread(target=log_in)
            thread.start()
            _wait_until_blocked(app, conn, done)
    thread.join(30)
    assert answer, "the login did not finish"
    if answer["status"] == 200:  # it committed first: the change must have ended its token
        token = answer["body"]["token"]
        me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
        assert me.status_code == 401, "a token issued with the old password still works"
    else:
        assert answer["status"] == 401, answer
    with app.app_context():
        assert db.session.get(User, user_id).active
