"""Benchmark of the 丈量 report (GET /api/v1/reports/duty) and of 评价考核
(GET /api/v1/reports/cadres) on PostgreSQL.

Generates 2,000 cadres over 3,000 areas in 20 townships (each cadre responsible for one
to three areas) and 1,000,000 check-ins over the last 26 weeks (most on duty days, inside
the area; some outside, some at an area not the cadre's own), migrated like production,
then times the 丈量 report for the last complete month and week and 评价考核 for this year
(all the check-ins) and the last complete month, as JSON and as the printable page,
through the app (Flask's test client: the server's own work, no network).
Goal (issue 15): <= 1 s each.

    .venv/bin/python bench/duty_bench.py [--cadres N] [--areas N] [--checkins N] [--runs N]
        [--keep] [--reuse SCHEMA]

Not a test (no test_ prefix): timings depend on the machine. Shares its helpers with
bench/reports_bench.py; PostgreSQL at ZL_BENCH_POSTGRES_URL.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import psycopg  # noqa: E402
from reports_bench import (  # noqa: E402
    PG_URL,
    drop,
    make_app,
    office_login,
    schema_url,
    time_get,
)

GOAL_S = 1.0

ORG_SQL = """
INSERT INTO areas (id, name, kind, township_id, lat, lon, radius_m, active)
 SELECT g, '乡镇' || g, 'township', NULL, 34.4, 113.7, 5000, true FROM generate_series(1, 20) g;
INSERT INTO areas (id, name, kind, township_id, lat, lon, radius_m, active)
 SELECT 20 + g, '村社区' || g, 'village', 1 + g %% 20, 34.2 + (g %% 60) * 0.01,
        113.5 + (g / 60) * 0.01, 800, true FROM generate_series(1, %(areas)s) g;
INSERT INTO users (id, username, name, password_hash, roles, active, created_at)
 SELECT g, 'cadre' || g, '干部' || g, 'x', '["cadre"]'::json, true, now()
 FROM generate_series(1, %(cadres)s) g;
INSERT INTO assignments (user_id, area_id)
 SELECT DISTINCT u, 21 + (u * 7 + k * 1013) %% %(areas)s
 FROM generate_series(1, %(cadres)s) u, generate_series(0, 2) k WHERE k <= u %% 3;
"""

# Each check-in: a cadre at one of their areas (or, 3 %, another one), mostly on Fridays
# and the first days of a month, 8 % of them outside the area's radius.
VISITS_SQL = """
INSERT INTO visits (user_id, area_id, lat, lon, accuracy_m, distance_m, outside_area, at,
                    received_at, client_id, day, assigned, counts, late)
SELECT a.user_id, CASE WHEN r2 < 0.03 THEN 21 + (a.area_id + 17) %% %(areas)s ELSE a.area_id END,
       34.4, 113.7, 12, CASE WHEN r3 < 0.08 THEN 1500 ELSE 120 END, r3 < 0.08,
       seen, seen + interval '1 hour', NULL, (seen + interval '8 hours')::date, r2 >= 0.03,
       r2 >= 0.03 AND r3 >= 0.08, false
FROM (
  SELECT g, random() r2, random() r3,
         date_trunc('day', now()::timestamp) - make_interval(days => (
           CASE WHEN random() < 0.8 THEN 7 * floor(random() * 26)::int
                + ((extract(isodow FROM now())::int - 5 + 7) %% 7)
                ELSE floor(random() * 182)::int END)) + interval '1 hour' seen,
         1 + (g::bigint * 7919) %% %(cadres)s AS cadre
  FROM generate_series(1, %(checkins)s) g
) v JOIN LATERAL (
  SELECT user_id, area_id FROM assignments WHERE user_id = v.cadre ORDER BY area_id LIMIT 1
) a ON true;
"""


def generate(schema: str, cadres: int, areas: int, checkins: int, data_dir: str) -> float:
    """Create and migrate `schema` and fill it; returns seconds."""
    from server.migrate import upgrade

    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    app = make_app(schema, data_dir)
    with app.app_context():
        upgrade()
    start = time.perf_counter()
    params = {"cadres": cadres, "areas": areas, "checkins": checkins}
    with psycopg.connect(schema_url(schema), autocommit=True) as conn:
        conn.execute("SELECT setseed(0.15)")
        for statement in ORG_SQL.split(";\n"):
            if statement.strip():
                conn.execute(statement, params)
        conn.execute(VISITS_SQL, params)
        for table in ("users", "areas"):  # ids were given: move the sequences past them
            conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                         f"(SELECT max(id) FROM {table}))")
        conn.execute("ANALYZE")
    return time.perf_counter() - start


def periods(app) -> list[tuple[str, str]]:
    """(report, query): 丈量 of the last complete month and week, 评价考核 of this year and
    of the last complete month."""
    from server.reports.periods import current_key
    from server.services.clock import local_today

    with app.app_context():
        today = local_today()
    month = f"month={current_key('month', today.replace(day=1) - timedelta(days=1))}"
    return [("duty", month), ("duty", f"week={current_key('week', today - timedelta(days=7))}"),
            ("cadres", f"year={current_key('year', today)}"), ("cadres", month)]


def main() -> None:
    """Generate (or reuse) the data and time the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cadres", type=int, default=2_000)
    parser.add_argument("--areas", type=int, default=3_000)
    parser.add_argument("--checkins", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the generated schema")
    parser.add_argument("--reuse", metavar="SCHEMA")
    args = parser.parse_args()
    print(f"PostgreSQL: {PG_URL}; load average {os.getloadavg()[0]:.1f} on "
          f"{os.cpu_count()} CPUs")
    schema = args.reuse or f"zl_duty_{uuid.uuid4().hex[:8]}"
    with tempfile.TemporaryDirectory() as data_dir:
        try:
            if not args.reuse:
                secs = generate(schema, args.cadres, args.areas, args.checkins, data_dir)
                print(f"generated {args.cadres:,} cadres, {args.areas:,} areas and "
                      f"{args.checkins:,} check-ins in schema {schema} in {secs:.1f} s")
            app = make_app(schema, data_dir)
            headers, client = office_login(app), app.test_client()
            for report, query in periods(app):
                for fmt in ("json", "html"):
                    t = time_get(client, f"/api/v1/reports/{report}?{query}&format={fmt}",
                                 headers, args.runs)
                    print(f"  {report:<6} {query:<14} {fmt:<5} median "
                          f"{statistics.median(t):6.3f} s  best {min(t):6.3f} s"
                          f"  (goal <= {GOAL_S:.0f} s)")
        finally:
            if not (args.keep or args.reuse):
                drop(schema)


if __name__ == "__main__":
    main()
