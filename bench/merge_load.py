"""Loading a synthetic ledger (bench/merge_data.py) for bench/merge_lookup.py: the
organisation through the models, then a million items and their reports by COPY on
PostgreSQL (FK triggers off: the rows are consistent by construction) and by executemany
in large transactions with synchronous=OFF on SQLite.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import date, datetime

import psycopg
from merge_data import (
    CATEGORIES,
    ITEM_COLUMNS,
    N_UNITS,
    N_USERS,
    REPORT_COLUMNS,
    Region,
    rows,
)

from server.extensions import db
from server.models import Area, Category, Unit, User

PG_URL = os.environ.get("ZL_TEST_POSTGRES_URL", "postgresql://127.0.0.1:5432/test")

# --------------------------------------------------------------------------- loading


def pg_schema_url(schema: str) -> str:
    """A PostgreSQL URL whose connections use `schema` (as tests/conftest.py does)."""
    sep = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{sep}options=-csearch_path%3D{schema}"


def add_org(region: Region) -> None:
    """Categories, units, areas and users (rows only; nobody logs in)."""
    for pos, (code, name, _w) in enumerate(CATEGORIES):
        db.session.add(Category(code=code, name=name, position=pos))
    for i in range(1, N_UNITS + 1):
        db.session.add(Unit(id=i, name=f"责任单位{i:02d}"))
    for t in (t for county in region.counties for t in county.towns):
        db.session.add(Area(id=t.area_id, name=t.name, kind="township", lat=t.lat, lon=t.lon,
                            radius_m=5000))
    db.session.flush()
    for v in (v for county in region.counties for v in county.villages):
        kind = "community" if v.name.endswith("社区") else "village"
        db.session.add(Area(id=v.area_id, name=v.name, kind=kind, township_id=v.township_id,
                            lat=v.lat, lon=v.lon, radius_m=round(v.sigma_m * 2)))
    for i in range(1, N_USERS + 1):
        db.session.add(User(id=i, username=f"cadre{i:02d}", name=f"干部{i:02d}",
                            password_hash="-", roles=["cadre"]))
    db.session.commit()


def copy_pg(url: str, region: Region, n: int, seed: int) -> None:
    """COPY items and reports side by side on two connections (FK triggers off for the
    load: the rows are consistent by construction), then VACUUM ANALYZE."""
    with psycopg.connect(url, autocommit=True) as c_items, \
            psycopg.connect(url, autocommit=True) as c_reports:
        for conn in (c_items, c_reports):
            conn.execute("SET session_replication_role = replica")  # skip FK triggers
        with c_items.transaction(), c_reports.transaction(), \
                c_items.cursor() as cur_i, c_reports.cursor() as cur_r, \
                cur_i.copy(f"COPY items ({', '.join(ITEM_COLUMNS)}) FROM STDIN") as items, \
                cur_r.copy(f"COPY reports ({', '.join(REPORT_COLUMNS)}) FROM STDIN") as reports:
            for item, report in rows(region, n, seed):
                items.write_row(item)
                reports.write_row(report)
        for table in ("items", "reports"):
            c_items.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                            f"(SELECT max(id) FROM {table}))")
            c_items.execute(f"VACUUM ANALYZE {table}")


def insert_sqlite(path: str, region: Region, n: int, seed: int, chunk: int = 50_000) -> None:
    """executemany in transactions of `chunk` rows with synchronous=OFF."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA synchronous=OFF")
        conn.execute("PRAGMA cache_size=-400000")  # 400 MB while loading
        conn.execute("PRAGMA temp_store=MEMORY")
        item_sql = (f"INSERT INTO items ({', '.join(ITEM_COLUMNS)}) VALUES "
                    f"({', '.join('?' * len(ITEM_COLUMNS))})")
        report_sql = (f"INSERT INTO reports ({', '.join(REPORT_COLUMNS)}) VALUES "
                      f"({', '.join('?' * len(REPORT_COLUMNS))})")
        items, reports = [], []

        def flush() -> None:
            conn.execute("BEGIN")
            conn.executemany(item_sql, items)
            conn.executemany(report_sql, reports)
            conn.execute("COMMIT")
            items.clear()
            reports.clear()

        for item, report in rows(region, n, seed):
            items.append(_sqlite_row(item))
            reports.append(_sqlite_row(report))
            if len(items) >= chunk:
                flush()
        if items:
            flush()
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def _sqlite_row(row: tuple) -> tuple:
    """Dates and times as SQLAlchemy stores them in SQLite."""
    out = []
    for value in row:
        if isinstance(value, datetime):
            out.append(value.strftime("%Y-%m-%d %H:%M:%S.%f"))
        elif isinstance(value, date):
            out.append(value.isoformat())
        elif isinstance(value, bool):
            out.append(int(value))
        else:
            out.append(value)
    return tuple(out)
