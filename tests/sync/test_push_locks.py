"""Locks a push cannot get: a deadlock or lock timeout is the moment's fault, not the data's.

It is retried; if the lock stays taken, the push is refused whole with Retry-After and
stores nothing it could not finish, and the phone's resend applies it. The lock is real:
another connection holds the chain head (PostgreSQL) or the write lock (SQLite), and the
push's app gives up a wait after 200 ms.
"""

import sqlite3
import threading
from contextlib import contextmanager

import psycopg
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

from server import create_app
from server.db_setup import READ_ONLY
from server.extensions import db
from server.models import Mutation, Report
from server.services import audit, sync_apply, sync_push
from tests.sync.conftest import report_mutation
from tests.sync.pushing import answers as _answers
from tests.sync.pushing import post as _post
from tests.sync.pushing import statuses as _statuses


@contextmanager
def _short_lock_waits(backend, database_url, tmp_path):
    """An app on the same database whose connections give up a lock wait after 200 ms."""
    url = database_url + ("%20-clock_timeout%3D200" if backend == "postgresql" else "")
    other = create_app({"DATA_DIR": str(tmp_path), "DATABASE_URL": url,
                        "PASSWORD_HASH_COST": "low"})

    def short(dbapi_conn, _record, _proxy):
        if backend == "sqlite":
            dbapi_conn.execute("PRAGMA busy_timeout=200")

    with other.app_context():
        event.listen(db.engine, "checkout", short)
    try:
        yield other
    finally:
        with other.app_context():
            db.engine.dispose()


class _Holder:
    """Another connection that takes what writing reports needs, the chain head row
    (PostgreSQL) or the write lock (SQLite), once this thread's push has read what it has
    (its first look), and lets go after `release_after` failures of the push to get it
    (never, if None). The push's login and first look are not in its way."""

    def __init__(self, backend, database_url, release_after=None):
        self.backend, self.release_after, self.failures = backend, release_after, []
        self.me, self.held = threading.get_ident(), False
        if backend == "sqlite":
            self.conn = sqlite3.connect(database_url.removeprefix("sqlite:///"),
                                        isolation_level=None, check_same_thread=False)
        else:
            self.conn = psycopg.connect(database_url)

    def take(self, conn) -> None:
        """After the push's first read-only transaction: take the lock."""
        if threading.get_ident() != self.me or self.held or self.failures \
                or not conn.get_execution_options().get(READ_ONLY):
            return
        self.held = True
        if self.backend == "sqlite":
            self.conn.execute("BEGIN IMMEDIATE")
        else:
            self.conn.execute("SELECT seq FROM chain_head WHERE id = 1 FOR UPDATE")

    def failed(self, context) -> None:
        """The push met a lock it could not get; let go after `release_after` of them."""
        if isinstance(context.sqlalchemy_exception, OperationalError):
            self.failures.append(context.sqlalchemy_exception)
            if len(self.failures) == self.release_after:
                self.release()

    def release(self) -> None:
        """End the holding transaction."""
        if self.held:
            self.held = False
            self.conn.rollback() if self.backend == "postgresql" else self.conn.execute("ROLLBACK")


@contextmanager
def _holding(other, backend, database_url, release_after=None):
    """A _Holder watching `other`'s engine for the block."""
    holder = _Holder(backend, database_url, release_after)
    with other.app_context():
        engine = db.engine
    event.listen(Engine, "rollback", holder.take)
    event.listen(engine, "handle_error", holder.failed)
    try:
        yield holder
    finally:
        event.remove(Engine, "rollback", holder.take)
        event.remove(engine, "handle_error", holder.failed)
        holder.release()
        holder.conn.close()


def test_a_lock_timeout_is_retried_and_the_push_applied(app, org, auth, push, backend,
                                                        database_url, tmp_path):
    """The lock is let go once the push has failed to get it twice: it was retried."""
    push([report_mutation(org)])                     # the chain head exists
    batch = [report_mutation(org), report_mutation(org, description="路灯不亮")]
    with _short_lock_waits(backend, database_url, tmp_path) as other:
        client, h = other.test_client(), auth("cadre")
        with _holding(other, backend, database_url, release_after=2) as holder:
            answers = _answers(_post(client, h, batch))
        assert _statuses(answers) == ["applied", "applied"] and len(holder.failures) == 2
    with app.app_context():
        assert db.session.query(Report).count() == 3 and audit.verify_chain() is None


def test_a_lock_held_throughout_refuses_the_push_and_stores_nothing(app, org, auth, push,
                                                                    backend, database_url,
                                                                    tmp_path):
    push([report_mutation(org)])
    batch = [report_mutation(org), report_mutation(org, description="路灯不亮")]
    with _short_lock_waits(backend, database_url, tmp_path) as other:
        client, h = other.test_client(), auth("cadre")
        with _holding(other, backend, database_url) as holder:
            resp = _post(client, h, batch)
        assert resp.status_code == 429 and int(resp.headers["Retry-After"]) > 0
        assert resp.get_json()["error"]["code"] == sync_apply.BUSY
        assert len(holder.failures) == sync_push.CLAIM_ROUNDS + sync_apply.APPLY_ROUNDS
        with other.app_context():
            assert db.session.query(Mutation).count() == 1
        assert _statuses(_answers(_post(client, h, batch))) == ["applied", "applied"]
