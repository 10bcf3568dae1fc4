"""Upgrading a filled database keeps its data and fills what new columns need."""

import uuid
from decimal import Decimal

import psycopg
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from server import create_app
from server.extensions import db
from server.migrate import alembic_config, upgrade
from server.models import ProjectProgress
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


def test_0012_keeps_the_figures_before_each_progress_update(fresh_app):
    with fresh_app.app_context():
        upgrade("0011")
        with db.engine.begin() as conn:
            conn.execute(text("INSERT INTO categories (code, name, position, active) "
                              "VALUES ('other', '其他', 0, true)"))
            conn.execute(text("INSERT INTO units (id, name, kind, active) "
                              "VALUES (1, '住建局', 'department', true)"))
            conn.execute(text("INSERT INTO users (id, username, name, password_hash, roles, "
                              "active, created_at) VALUES (1, 'o', 'o', 'x', '[\"office\"]', "
                              "true, '2026-01-05 08:00:00')"))
            for pid, name in ((1, '西关桥'), (2, '游园')):
                conn.execute(text(
                    "INSERT INTO projects (id, name, batch, category, unit_id, leader_led, "
                    "investment_total_wan, investment_done_wan, due, status, percent, public, "
                    "progress_photo_count, created_at, updated_at) VALUES (:id, :name, 1, "
                    "'other', 1, false, 17600, 13500, '2027-02-01', 'in_progress', 80, true, "
                    "0, '2026-01-05 08:00:00', '2026-01-05 08:00:00')"), {"id": pid, "name": name})
            # stored in this order: 西关桥, 游园, 西关桥, 西关桥
            for pid, percent, wan, day in ((1, 70, "12500.00", 10), (2, 40, "300.50", 11),
                                           (1, 75, "13000.00", 12), (1, 80, "13500.00", 13)):
                conn.execute(text(
                    "INSERT INTO project_progress (project_id, user_id, text, percent, "
                    "investment_done_wan, photos, at) VALUES (:pid, 1, '按计划推进', :percent, "
                    ":wan, '[]', :at)"),
                    {"pid": pid, "percent": percent, "wan": wan, "at": f"2026-11-{day} 02:00:00"})
        upgrade()
        columns = {c["name"]: c for c in inspect(db.engine).get_columns("project_progress")}
        with db.engine.connect() as conn:
            rows = conn.execute(text(
                "SELECT project_id, percent_before, investment_before_wan, percent, "
                "investment_done_wan FROM project_progress ORDER BY id")).all()
    # from the previous update of the same project; a first update's own figures (the
    # figure entered with the project was not kept before 0012)
    assert [tuple(r) for r in rows] == [
        (1, 70, Decimal("12500.00"), 70, Decimal("12500.00")),
        (2, 40, Decimal("300.50"), 40, Decimal("300.50")),
        (1, 70, Decimal("12500.00"), 75, Decimal("13000.00")),
        (1, 75, Decimal("13000.00"), 80, Decimal("13500.00"))]
    assert set(columns) == set(ProjectProgress.__table__.columns.keys())
    assert not columns["percent_before"]["nullable"]
    assert not columns["investment_before_wan"]["nullable"]


def test_the_migrated_schema_is_the_models_schema(fresh_app):
    """Tables, columns, indexes and keys built by the migrations are those the models declare
    (a model's index without its migration, or the reverse, shows here)."""
    with fresh_app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": False})
            assert compare_metadata(context, db.metadata) == []
