"""Benchmark of the bulletins and the ledger export on PostgreSQL.

1. Generates 1,000,000 items (and their ~3.6 million events, 1% flagged) with
   INSERT ... SELECT generate_series into a fresh schema migrated like production,
   then times 周通报 (last complete ISO week), 月督导 and 季排名 (current quarter)
   through the HTTP API. Goal: weekly and ranking <= 2 s each.
2. Generates 100,000 items in a second schema and writes the XLSX export (openpyxl
   write-only, rows streamed with yield_per) in a child process, reporting the time
   and the child's peak RSS (`resource.getrusage`). Goal: <= 20 s and < 300 MB.
   The CSV export is timed the same way for comparison.

Run from the repo root (PostgreSQL at ZL_BENCH_POSTGRES_URL, default
postgresql://127.0.0.1:5432/test; the schemas are dropped afterwards unless --keep):

    .venv/bin/python bench/reports_bench.py [--items N] [--export-items N] [--runs N]
        [--keep] [--reuse SCHEMA] [--skip-export]

Not a test (no test_ prefix): timings depend on the machine. Reports, attachments
and photos are not generated: no report query reads them.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import psycopg  # noqa: E402

PG_URL = os.environ.get("ZL_BENCH_POSTGRES_URL", "postgresql://127.0.0.1:5432/test")
GOAL_REPORT_S, GOAL_EXPORT_S, GOAL_EXPORT_MB = 2.0, 20.0, 300.0
PASSWORD = "bench-password"
# Verify events of a period are found by a scan of the whole events table without it.

ORG_SQL = """
INSERT INTO categories (code, name, position, active) VALUES
 ('convenience','便民服务',1,true), ('infrastructure','城乡基础设施建设',2,true),
 ('health','健康卫生',3,true), ('culture_tourism','文化旅游',4,true),
 ('disaster_rebuild','灾后重建',5,true), ('other','其他',6,true);
INSERT INTO units (id, name, kind, active)
 SELECT g, CASE WHEN g <= 30 THEN '市直单位' ELSE '乡镇政府' END || g,
        CASE WHEN g <= 30 THEN 'department' ELSE 'township' END, true
 FROM generate_series(1, 40) g;
INSERT INTO areas (id, name, kind, township_id, lat, lon, radius_m, active)
 SELECT g, '乡镇' || g, 'township', NULL, 34.4, 113.7, 5000, true FROM generate_series(1, 15) g;
INSERT INTO areas (id, name, kind, township_id, lat, lon, radius_m, active)
 SELECT g, '村社区' || g, 'village', 1 + g % 15, 34.4, 113.7, 800, true
 FROM generate_series(16, 315) g;
INSERT INTO users (id, username, name, password_hash, roles, active, created_at)
 SELECT g, 'cadre' || g, '干部' || g, 'x', '["cadre"]'::json, true, now()
 FROM generate_series(1, 500) g;
"""

# One row per item; open items lean to the last half year, as in a live ledger.
ITEMS_SQL = """
INSERT INTO items (id, status, category, area_id, township_id, description, severity, lat, lon,
  accuracy_m, unit_id, deadline, plan, leader_led, leader_name, reporter_id, report_count,
  return_count, after_photo_count, satisfaction, needs_review, created_at, assigned_at,
  rectified_at, closed_at, change_seq)
SELECT g, st, (ARRAY['convenience','infrastructure','health','culture_tourism',
  'disaster_rebuild','other'])[1 + g %% 6], 16 + g %% 300, 1 + (16 + g %% 300) %% 15,
  '问题' || g || '：小区门口窨井盖缺失，夜间存在安全隐患，群众反映强烈', 'normal', 34.4, 113.7,
  8, CASE WHEN assigned THEN 1 + floor(r2 * 40)::int END,
  CASE WHEN assigned THEN (created + make_interval(days => 7 + floor(r4 * 53)::int))::date END,
  CASE WHEN assigned THEN '立即组织施工队更换井盖，设置警示标志' END, assigned AND r2 < 0.002,
  CASE WHEN assigned AND r2 < 0.002 THEN '王副市长' END, 1 + g %% 500, 1,
  CASE WHEN assigned AND r4 < 0.03 THEN 2 WHEN assigned AND r4 < 0.12 THEN 1 ELSE 0 END,
  CASE WHEN st IN ('rectified', 'closed') THEN 2 ELSE 0 END,
  CASE WHEN st = 'closed' THEN CASE WHEN r3 < 0.8 THEN 'satisfied' ELSE 'basic' END END,
  false, created, CASE WHEN assigned THEN created + interval '1 day' END,
  CASE WHEN st IN ('rectified', 'closed') THEN fixed END,
  CASE WHEN st = 'closed' THEN fixed + interval '1 day' END, g
FROM (
  SELECT *, st NOT IN ('new', 'rejected', 'merged') AS assigned,
         GREATEST(created, LEAST(created + make_interval(days => 3 + floor(r4 * 70)::int),
                                 now()::timestamp - interval '2 hours')) AS fixed
  FROM (
    SELECT *, now()::timestamp - make_interval(mins => floor(
             CASE WHEN st IN ('new', 'rejected', 'merged') THEN r3 * 14400
                  WHEN st = 'closed' THEN 144000 + r3 * 907200
                  ELSE r3 * r3 * 259200 END)::int) AS created
    FROM (
      SELECT g, r1, r2, r3, r4, CASE WHEN r1 < 0.03 THEN 'merged' WHEN r1 < 0.06 THEN 'rejected'
        WHEN r1 < 0.08 THEN 'new' WHEN r1 < 0.20 THEN 'assigned' WHEN r1 < 0.24 THEN 'rectified'
        WHEN r1 < 0.26 THEN 'long_term' ELSE 'closed' END AS st
      FROM (SELECT g, random() r1, random() r2, random() r3, random() r4
            FROM generate_series(%(first)s::bigint, %(last)s::bigint) g) r) s) t) u;
"""

# create, assign, each return (rectified + verify), the last rectified, the closing verify
EVENTS_SQL = """
INSERT INTO events (seq, item_id, action, actor_id, at, from_state, to_state, body, prev_hash,
                    hash)
SELECT row_number() OVER (ORDER BY at, item_id, ord), item_id, action, 1, at, NULL, to_state,
       body, repeat('0', 64), repeat('f', 64)
FROM (
  SELECT id item_id, 0 ord, 'create' action, created_at at, 'new' to_state,
         '{"captured_at":"2026-01-01T00:00:00","mutation_id":null,"photos":[],"report_id":1}' body
  FROM items
  UNION ALL SELECT id, 1, 'assign', assigned_at, 'assigned',
         '{"assignee_id":null,"deadline":"' || deadline || '","leader_led":false,"plan":"整改"}'
  FROM items WHERE assigned_at IS NOT NULL
  UNION ALL SELECT id, 1 + k, 'verify',
         LEAST(assigned_at + make_interval(days => k), now()::timestamp), 'assigned',
         '{"decision":"return","note":null,"photos":["' || repeat('a', 64) || '"],'
         || '"returned":true,"satisfaction":"unsatisfied","signature":null}'
  FROM items, generate_series(1, 2) k WHERE k <= return_count
  UNION ALL SELECT id, 5, 'rectified', rectified_at, 'rectified',
         '{"note":"已整改","photos":["' || repeat('b', 64) || '","' || repeat('c', 64) || '"]}'
  FROM items WHERE rectified_at IS NOT NULL
  UNION ALL SELECT id, 6, 'verify', closed_at, 'closed',
         '{"decision":"accept","note":null,"photos":["' || repeat('d', 64) || '"],'
         || '"returned":false,"satisfaction":"' || satisfaction || '","signature":null}'
  FROM items WHERE closed_at IS NOT NULL) e;
INSERT INTO chain_head (id, seq, hash) SELECT 1, count(*), repeat('f', 64) FROM events;
INSERT INTO flags (item_id, kind, details, created_at)
  SELECT id, 'photo_reused', '{}'::json, created_at FROM items WHERE id % 100 = 7;
SELECT setval(pg_get_serial_sequence(t, 'id'), (SELECT max(id) FROM items) + 1000)
  FROM unnest(ARRAY['users', 'units', 'areas', 'items']) t;
ANALYZE;
"""


def schema_url(schema: str) -> str:
    """A PostgreSQL URL whose connections use `schema`."""
    sep = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{sep}options=-csearch_path%3D{schema}"


def make_app(schema: str, data_dir: str):
    """The application on `schema`."""
    from server import create_app

    return create_app({"DATA_DIR": data_dir, "DATABASE_URL": schema_url(schema),
                       "PASSWORD_HASH_COST": "low"})


def generate(schema: str, n_items: int, data_dir: str) -> float:
    """Create and migrate `schema`, fill it with `n_items` items; returns seconds."""
    from server.migrate import upgrade

    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    app = make_app(schema, data_dir)
    with app.app_context():
        upgrade()
    start = time.perf_counter()
    with psycopg.connect(schema_url(schema), autocommit=True) as conn:
        conn.execute("SELECT setseed(0.48)")
        conn.execute(ORG_SQL)
        for first in range(1, n_items + 1, 250_000):
            last = min(first + 249_999, n_items)
            conn.execute(ITEMS_SQL, {"first": first, "last": last})
        conn.execute(EVENTS_SQL)
    return time.perf_counter() - start


def office_login(app) -> dict:
    """An office user's Authorization header."""
    from server.extensions import db
    from server.models import User
    from server.services.users import create_user

    with app.app_context():
        if not db.session.execute(db.select(User.id).filter_by(username="bench_office")).first():
            create_user("bench_office", PASSWORD, ["office"], "台账管理员")
            db.session.commit()
    resp = app.test_client().post("/api/v1/auth/login",
                                  json={"username": "bench_office", "password": PASSWORD})
    return {"Authorization": f"Bearer {resp.get_json()['token']}"}


def time_get(client, url: str, headers: dict, runs: int) -> list[float]:
    """Seconds per GET after one warm-up; fails loudly on a non-200."""
    out = []
    for i in range(runs + 1):
        start = time.perf_counter()
        resp = client.get(url, headers=headers)
        elapsed = time.perf_counter() - start
        assert resp.status_code == 200, (url, resp.status_code, resp.get_data()[:300])
        if i:
            out.append(elapsed)
    return out


def report_periods(app) -> dict[str, str]:
    """The last complete week and month, and the current quarter."""
    from server.reports.periods import current_key
    from server.services.clock import local_today

    with app.app_context():
        today = local_today()
    last_week, last_month = today - timedelta(days=7), today.replace(day=1) - timedelta(days=1)
    return {"weekly": f"week={current_key('week', last_week)}",
            "monthly": f"month={current_key('month', last_month)}",
            "ranking": f"quarter={current_key('quarter', today)}"}


def bench_reports(n_items: int, runs: int, keep: bool, reuse: str | None) -> None:
    """Part 1: the bulletins over `n_items` items (or over a kept schema)."""
    schema = reuse or f"zl_bench_{uuid.uuid4().hex[:8]}"
    with tempfile.TemporaryDirectory() as data_dir:
        try:
            if reuse:
                print(f"reusing schema {schema}")
            else:
                secs = generate(schema, n_items, data_dir)
                print(f"generated {n_items:,} items in schema {schema} in {secs:.1f} s")
            app = make_app(schema, data_dir)
            headers, client = office_login(app), app.test_client()
            time_reports(app, client, headers, runs, "schema as migrated")
        finally:
            if not (keep or reuse):
                drop(schema)


def time_reports(app, client, headers: dict, runs: int, label: str) -> None:
    """Time each report as JSON and as the printable page."""
    print(f" {label}")
    for kind, query in report_periods(app).items():
        for fmt in ("json", "html"):
            t = time_get(client, f"/api/v1/reports/{kind}?{query}&format={fmt}", headers, runs)
            goal = f"goal <= {GOAL_REPORT_S:.0f} s" if kind != "monthly" else "no goal"
            print(f"  {kind:<8} {query:<16} {fmt:<5} median {statistics.median(t):6.3f} s"
                  f"  best {min(t):6.3f} s  ({goal})")


def export_child(schema: str, fmt: str) -> None:
    """In a fresh process: export the whole ledger, print seconds, rows and peak RSS."""
    from server.extensions import db
    from server.models import User
    from server.reports import export

    with tempfile.TemporaryDirectory() as data_dir:
        app = make_app(schema, data_dir)
        with app.test_request_context(), tempfile.TemporaryFile() as out:
            user = User(id=0, username="bench", name="bench", roles=["office"])
            start, cpu = time.perf_counter(), time.process_time()
            rows = export.ledger_rows(user, {"sort": "-created_at"})
            if fmt == "xlsx":
                export.write_xlsx(rows, out)
            else:
                for chunk in export.csv_chunks(rows):
                    out.write(chunk)
            secs, cpu_end = time.perf_counter() - start, time.process_time()
            size = out.seek(0, 2)
            count = db.session.execute(db.text("SELECT count(*) FROM items")).scalar_one()
        usage = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({"seconds": secs, "cpu": cpu_end - cpu, "rows": count, "bytes": size,
                      "peak_mb": usage.ru_maxrss / 1024}))


def bench_export(n_items: int, keep: bool) -> None:
    """Part 2: the XLSX (and CSV) export of `n_items` items, each in a child process."""
    schema = f"zl_bench_{uuid.uuid4().hex[:8]}"
    with tempfile.TemporaryDirectory() as data_dir:
        try:
            secs = generate(schema, n_items, data_dir)
            print(f"generated {n_items:,} items in schema {schema} in {secs:.1f} s")
            for fmt in ("xlsx", "csv"):
                done = subprocess.run([sys.executable, __file__, "--export-child", schema, fmt],
                                      capture_output=True, text=True, check=True, cwd=REPO)
                r = json.loads(done.stdout.strip().splitlines()[-1])
                goal = (f"goal <= {GOAL_EXPORT_S:.0f} s, < {GOAL_EXPORT_MB:.0f} MB"
                        if fmt == "xlsx" else "no goal")
                print(f"  export {fmt:<4} {r['rows']:,} rows  {r['seconds']:6.2f} s "
                      f"(CPU {r['cpu']:5.2f} s)  {r['bytes'] / 1e6:5.1f} MB file  "
                      f"peak RSS {r['peak_mb']:5.1f} MB  ({goal})")
        finally:
            if not keep:
                drop(schema)


def xml_backend() -> str:
    """Which XML writer openpyxl uses: lxml is markedly faster than et_xmlfile."""
    from openpyxl.xml import LXML

    return "lxml" if LXML else "et_xmlfile (pure Python)"


def drop(schema: str) -> None:
    """Drop a benchmark schema."""
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


def main() -> None:
    """Parse the options and run both parts."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--export-items", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the generated schemas")
    parser.add_argument("--reuse", metavar="SCHEMA", help="time the reports on a kept schema")
    parser.add_argument("--skip-export", action="store_true")
    parser.add_argument("--export-child", nargs=2, metavar=("SCHEMA", "FORMAT"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.export_child:
        export_child(*args.export_child)
        return
    print(f"PostgreSQL: {PG_URL}; load average {os.getloadavg()[0]:.1f} on "
          f"{os.cpu_count()} CPUs; openpyxl XML backend: {xml_backend()}")
    bench_reports(args.items, args.runs, args.keep, args.reuse)
    if not args.skip_export:
        bench_export(args.export_items, args.keep)


if __name__ == "__main__":
    main()
