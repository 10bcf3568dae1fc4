"""Upgrading a filled database keeps its data and fills what new columns need."""

import uuid

import psycopg
import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import text

from server import create_app
from server.extensions import db
from server.migrate import alembic_config, upgrade
from sync.geo_index import cell_key
from tests.conftest import PG_URL, _pg_schema_url


@pytest.fixture
def fresh_app(backend, tmp_path):
    """An app on an empty database of its own."""
    if backend == "sqlite":
        url, schema = f"sqlite:///{tmp_path / 'm.db'}", None
    else:
        schema = f"zl_mig_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {schema}")
        url = _pg_schema_url(schema)
    app = create_app({"DATA_DIR": str(tmp_path), "DATABASE_URL": url})
    yield app
    with app.app_context():
        db.engine.dispose()
    if schema:
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


def test_upgrade_from_first_revision_keeps_data_and_backfills_cells(fresh_app):
    with fresh_app.app_context():
        upgrade("0001")
        with db.engine.begin() as conn:
            conn.execute(text("INSERT INTO categories (code, name, position, active) "
                              "VALUES ('other', '其他', 0, true)"))
            conn.execute(text(
                "INSERT INTO items (status, category, description, severity, lat, lon, "
                "leader_led, report_count, return_count, after_photo_count, needs_review, "
                "created_at, change_seq) VALUES ('new', 'other', '老数据', 'normal', 34.39, "
                "113.74, false, 1, 0, 0, false, '2026-01-05 08:00:00', 0)"))
            conn.execute(text("INSERT INTO areas (id, name, kind, active) VALUES "
                              "(1, '郭老庄', 'village', true)"))
            conn.execute(text("INSERT INTO users (id, username, name, password_hash, roles, "
                              "active, created_at) VALUES (1, 'c', 'c', 'x', '[\"cadre\"]', "
                              "true, '2026-01-05 08:00:00')"))
            conn.execute(text(  # 17:30 UTC is 01:30 the next day in Beijing
                "INSERT INTO visits (user_id, area_id, lat, lon, outside_area, at, "
                "received_at) VALUES (1, 1, 34.39, 113.74, false, '2026-01-05 17:30:00', "
                "'2026-01-05 17:31:00'), (1, 1, 34.5, 113.74, true, '2026-01-06 02:00:00', "
                "'2026-01-06 02:01:00')"))
        upgrade("0004")
        with db.engine.begin() as conn:
            conn.execute(text("INSERT INTO suggestions (item_id, other_id, score, details, "
                              "created_at) VALUES (1, 1, 0.5, '{}', '2026-01-05 08:00:00'), "
                              "(1, 1, 0.3, '{\"reasons\": [\"topic_conflict\"]}', "
                              "'2026-01-05 08:00:00')"))
        upgrade()
        upgrade()   # a second run is a no-op
        with db.engine.connect() as conn:
            row = conn.execute(text("SELECT description, cell FROM items")).one()
            version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            likely = conn.execute(text("SELECT likely FROM suggestions ORDER BY score DESC")
                                  ).scalars().all()
            waiting = conn.execute(text("SELECT count(*) FROM photos_pending")).scalar()
            draws = conn.execute(text("SELECT count(*) FROM spot_checks s JOIN "
                                      "spot_check_entries e ON e.spot_check_id = s.id")).scalar()
            visits = conn.execute(text("SELECT day, assigned, counts, late FROM visits "
                                       "ORDER BY id")).all()
        assert row.description == "老数据" and row.cell == cell_key(34.39, 113.74)
        # before merge v2 a suggestion was likely unless its reasons said the topics differ
        assert [bool(x) for x in likely] == [True, False]
        assert waiting == 0  # 0006: reports waiting for photos start empty
        # 0007: check-ins get their local day; they count as they were shown (not outside)
        assert [(str(v.day), bool(v.assigned), bool(v.counts), bool(v.late))
                for v in visits] == [("2026-01-06", True, True, False),
                                     ("2026-01-06", True, False, False)]
        assert draws == 0  # 0008: the 周抽查 tables start empty
        assert version == ScriptDirectory.from_config(alembic_config()).get_current_head()
