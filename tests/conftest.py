"""Shared fixtures: one app per database backend, a clean database per test.

Every test that uses `app` runs on SQLite and on the PostgreSQL at
127.0.0.1:5432 (database `test`, a schema of its own per run). Choose with
`--db sqlite` or `--db postgresql`; the default is both.
"""

import os
import uuid
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import text

from server import create_app
from server.extensions import db
from server.migrate import upgrade
from tests.data import PHOTOS_DIR

ROOT = Path(__file__).resolve().parents[1]
PG_URL = os.environ.get("ZL_TEST_POSTGRES_URL", "postgresql://127.0.0.1:5432/test")


def pytest_addoption(parser):
    """--db: which backends to run the database tests on."""
    parser.addoption("--db", default="sqlite,postgresql",
                     help="comma-separated backends: sqlite, postgresql")


def pytest_generate_tests(metafunc):
    """Parametrise the backend fixture from --db."""
    if "backend" in metafunc.fixturenames:
        names = [b.strip() for b in metafunc.config.getoption("--db").split(",") if b.strip()]
        metafunc.parametrize("backend", names, scope="session")


@pytest.fixture(scope="session")
def photos_dir() -> Path:
    """The real photos in tests/data/photos; their absence is an error, not a skip."""
    assert (PHOTOS_DIR / "README.md").is_file(), f"missing {PHOTOS_DIR}"
    return PHOTOS_DIR


def _pg_schema_url(schema: str) -> str:
    """A PostgreSQL URL whose connections use `schema`."""
    sep = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{sep}options=-csearch_path%3D{schema}"


@pytest.fixture(scope="session")
def database_url(backend, tmp_path_factory):
    """A fresh, empty database of the given backend for this test run."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'test.db'}"
        return
    schema = f"zl_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    yield _pg_schema_url(schema)
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    """The application on a migrated database."""
    data_dir = tmp_path_factory.mktemp("data")
    application = create_app({"DATA_DIR": str(data_dir), "DATABASE_URL": database_url,
                              "PASSWORD_HASH_COST": "low", "TESTING": True})
    with application.app_context():
        upgrade()
    yield application
    with application.app_context():
        db.engine.dispose()


def _tables():
    """Table names, children first."""
    return [t.name for t in reversed(db.metadata.sorted_tables)]


@pytest.fixture(autouse=True)
def _clean_database(request):
    """Empty every table after each test that used the app."""
    yield
    if "app" not in request.fixturenames:
        return
    application = request.getfixturevalue("app")
    with application.app_context():
        db.session.rollback()
        db.session.remove()
        with db.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text("TRUNCATE " + ", ".join(_tables()) + " RESTART IDENTITY"))
            else:
                for name in _tables():
                    conn.execute(text(f"DELETE FROM {name}"))


@pytest.fixture
def ctx(app):
    """An application context for service-level tests."""
    with app.app_context():
        yield app
        db.session.rollback()


@pytest.fixture
def client(app):
    """An HTTP test client."""
    return app.test_client()


@pytest.fixture(scope="session")
def playwright_driver():
    """Playwright (one per session: its sync API allows one per thread) for Debian chromium."""
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM

    assert CHROMIUM.exists(), f"{CHROMIUM} is missing: apt-get install -y chromium"
    with sync_playwright() as pw:
        yield pw
