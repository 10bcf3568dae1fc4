"""Database engine settings: SQLite in WAL mode with foreign keys, or PostgreSQL."""

import sqlite3
from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.engine import Engine

_installed = False


def engine_options(url: str) -> dict:
    """Engine options for the database the URL names."""
    if url.startswith("sqlite"):
        return {"connect_args": {"timeout": 30, "check_same_thread": False}}
    return {"pool_pre_ping": True, "pool_size": 10, "max_overflow": 20}


def _on_connect(dbapi_conn, _record) -> None:
    """SQLite: WAL, foreign keys, and transactions we begin ourselves."""
    if not isinstance(dbapi_conn, sqlite3.Connection):
        return
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()
    dbapi_conn.create_function("hamming64", 2, hamming64, deterministic=True)


def hamming64(a: int | None, b: int | None) -> int | None:
    """Bits that differ between two 64-bit hashes (SQLite has no popcount)."""
    if a is None or b is None:
        return None
    return ((a ^ b) & 0xFFFFFFFFFFFFFFFF).bit_count()


READ_ONLY = "zl_read_only"


def _on_begin(conn) -> None:
    """SQLite: take the write lock at BEGIN so concurrent writers queue, not fail;
    a transaction marked read-only (see `reading`) begins deferred and takes no lock."""
    if conn.dialect.name == "sqlite":
        read_only = conn.get_execution_options().get(READ_ONLY)
        conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


@contextmanager
def reading(session):
    """Run a block in a transaction of its own that only reads, then end it.

    On SQLite the write lock is then held only by the writes that follow, not while a
    batch is checked and its merges decided. Loaded objects are expired (rolled back).
    """
    session.rollback()
    session.connection(execution_options={READ_ONLY: True})
    try:
        yield
    finally:
        session.rollback()


def install_sqlite_hooks() -> None:
    """Install the engine hooks once per process."""
    global _installed
    if not _installed:
        event.listen(Engine, "connect", _on_connect)
        event.listen(Engine, "begin", _on_begin)
        _installed = True
