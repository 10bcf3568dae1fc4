"""Fixtures of the reliability suite: live production servers on SQLite and PostgreSQL.

Each live server gets a fresh database (a SQLite file in its data folder, or a
PostgreSQL schema of its own, dropped afterwards) so it never shares rows with the
in-process `app` fixture of the other tests.
"""

import os
import uuid

import psycopg
import pytest

from server.extensions import db
from tests.factories import PASSWORD, build_org
from tests.reliability.server_proc import ZlServer, pg_schema_url

PG_URL = os.environ.get("ZL_TEST_POSTGRES_URL", "postgresql://127.0.0.1:5432/test")
ROLE_USERS = ("cadre", "cadre2", "handler", "handler2", "supervisor", "office", "admin", "boss")


def fresh_database(backend: str):
    """(url, drop): None for SQLite in the data folder, else a new PostgreSQL schema."""
    if backend == "sqlite":
        return None, lambda: None
    schema = f"zl_rel_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")

    def drop():
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")

    return pg_schema_url(PG_URL, schema), drop


def seed_org(server: ZlServer):
    """The small organisation of tests/factories.py, made through the services."""
    with server.in_process_app().app_context():
        org = build_org()
        db.session.remove()
    return org


@pytest.fixture(scope="package")
def live(backend, tmp_path_factory):
    """A running production server with the factories' organisation and logged-in users.

    Shared by the hostile-image and security tests of one backend: `live.org`,
    `live.tokens[username]`, `live.password`.
    """
    url, drop = fresh_database(backend)
    server = ZlServer(tmp_path_factory.mktemp(f"live-{backend}"), url)
    try:
        server.init()
        server.org = seed_org(server)
        server.password = PASSWORD
        server.start()
        server.tokens = {name: server.login(name, PASSWORD) for name in ROLE_USERS}
        yield server
    finally:
        server.close()
        drop()
