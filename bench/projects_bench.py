"""Benchmark of the 民生实事 project list and of the 月度进展 report (issue 17), on
PostgreSQL and SQLite.

Generates 10,000 projects (40 units, 15 townships, three batches, 2 % leader-led) with
six milestones each (the 倒排工期 template's dates, those past mostly done) and 200,000
progress updates over the last twelve months, in a database migrated like production;
then times, through the app (Flask's test client: the server's own work, no network),
the project list (GET /api/v1/projects) under a dozen filters, and the 月度进展 (GET
/api/v1/reports/projects) of this month and the last as JSON and as the printable page.
Goals (issue 17): list p95 <= 200 ms, report <= 1 s.

    .venv/bin/python bench/projects_bench.py [--db sqlite|postgresql|both] [--projects N]
        [--updates N] [--runs N] [--quick] [--keep]

Not a test (no test_ prefix): timings depend on the machine. PostgreSQL at
ZL_BENCH_POSTGRES_URL; its schema is dropped afterwards unless --keep (the SQLite file
always is).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import psycopg  # noqa: E402
from reports_bench import PG_URL, office_login, schema_url, time_get  # noqa: E402

LIST_GOAL_S, REPORT_GOAL_S = 0.2, 1.0
CATEGORIES = [("convenience", "便民服务"), ("infrastructure", "城乡基础设施建设"),
              ("health", "健康卫生"), ("culture_tourism", "文化旅游"),
              ("disaster_rebuild", "灾后重建"), ("other", "其他")]
STEPS = [("立项", 300), ("设计", 250), ("招标", 200), ("开工", 160), ("主体完工", 45),
         ("竣工验收", 0)]
WORDS = ["道路提升", "污水管网", "老旧小区改造", "学校新建", "卫生院扩建", "游园建设", "供水改造",
         "日间照料中心", "农贸市场改造", "桥梁改建"]
CHUNK = 5_000


def _org(conn, tables) -> None:
    """Categories, 40 units, 15 townships with 10 villages each, an office user."""
    conn.execute(tables["categories"].insert(), [
        {"code": c, "name": n, "position": i, "active": True}
        for i, (c, n) in enumerate(CATEGORIES, 1)])
    conn.execute(tables["units"].insert(), [
        {"id": u, "name": f"{'市直单位' if u <= 30 else '乡镇政府'}{u}",
         "kind": "department" if u <= 30 else "township", "active": True}
        for u in range(1, 41)])
    conn.execute(tables["areas"].insert(), [
        {"id": t, "name": f"乡镇{t}", "kind": "township", "township_id": None, "lat": 34.4,
         "lon": 113.7, "radius_m": 5000, "active": True} for t in range(1, 16)])
    conn.execute(tables["areas"].insert(), [
        {"id": a, "name": f"村社区{a}", "kind": "village", "township_id": 1 + a % 15,
         "lat": 34.4, "lon": 113.7, "radius_m": 800, "active": True} for a in range(16, 166)])
    conn.execute(tables["users"].insert(), [
        {"id": 1, "username": "bench_writer", "name": "填报人", "password_hash": "x",
         "roles": ["office"], "active": True, "created_at": datetime(2025, 1, 1)}])


def _projects(rnd: random.Random, n: int, now: datetime) -> tuple[list, list]:
    """Project rows and milestone rows."""
    projects, milestones = [], []
    today = now.date()
    for p in range(1, n + 1):
        created = now - timedelta(days=rnd.randrange(30, 540), minutes=rnd.randrange(600))
        due = today + timedelta(days=rnd.randrange(-120, 500))
        total = Decimal(rnd.randrange(50, 200_000))
        status = rnd.choice(["planned", "in_progress", "in_progress", "in_progress",
                             "completed", "in_use", "closed"])
        area = 16 + rnd.randrange(150)
        led = rnd.random() < 0.02
        projects.append({
            "id": p, "name": f"{WORDS[p % 10]}项目{p}", "batch": 1 + p % 3,
            "category": CATEGORIES[p % 6][0], "unit_id": 1 + rnd.randrange(40),
            "leader": "副市长" if led else None, "leader_led": led,
            "investment_total_wan": total, "investment_done_wan": Decimal(0),
            "start": None, "due": due, "status": status, "percent": 0, "lat": None,
            "lon": None, "area_id": area, "township_id": 1 + area % 15, "public": True,
            "item_id": None, "progress_photo_count": 0, "created_by": 1,
            "created_at": created, "updated_at": created})
        for k, (name, back) in enumerate(STEPS):
            day = due - timedelta(days=back * 7 // 5)
            done = day if day < today and rnd.random() < 0.8 else None
            milestones.append({"project_id": p, "name": name, "due": day, "done_on": done,
                               "position": k})
    return projects, milestones


def _updates(rnd: random.Random, projects: list, n: int, now: datetime):
    """Progress rows in the order they were stored (ids follow time), figures growing."""
    times = sorted(now - timedelta(minutes=rnd.randrange(365 * 24 * 60)) for _ in range(n))
    state = {p["id"]: [0, Decimal(0)] for p in projects}
    totals = {p["id"]: p["investment_total_wan"] for p in projects}
    for at in times:
        pid = 1 + rnd.randrange(len(projects))
        fig = state[pid]
        before = {"percent_before": fig[0], "investment_before_wan": fig[1]}
        fig[0] = min(100, fig[0] + rnd.randrange(0, 6))
        fig[1] = min(totals[pid], fig[1] + (totals[pid] * rnd.randrange(0, 4) / 100)
                     .quantize(Decimal("0.01")))
        yield {"project_id": pid, "user_id": 1, "text": "按计划推进，完成当月形象进度",
               "percent": fig[0], "investment_done_wan": fig[1], "over_budget_reason": None,
               "photos": [], "lat": None, "lon": None, "accuracy_m": None, "at": at,
               "client_id": None, **before}
    for p in projects:
        p["percent"], p["investment_done_wan"] = state[p["id"]]


def generate(app, n_projects: int, n_updates: int) -> float:
    """Fill the app's migrated database; returns seconds."""
    from server.extensions import db

    start = time.perf_counter()
    rnd = random.Random(17)
    with app.app_context():
        from server.clock import utcnow
        now = utcnow()
        tables = db.metadata.tables
        projects, milestones = _projects(rnd, n_projects, now)
        updates = list(_updates(rnd, projects, n_updates, now))
        with db.engine.begin() as conn:
            _org(conn, tables)
            for name, rows in (("projects", projects), ("milestones", milestones),
                               ("project_progress", updates)):
                for i in range(0, len(rows), CHUNK):
                    conn.execute(tables[name].insert(), rows[i:i + CHUNK])
            if conn.dialect.name == "postgresql":
                for table in ("users", "units", "areas", "projects"):
                    conn.execute(db.text(f"SELECT setval(pg_get_serial_sequence('{table}', "
                                         f"'id'), (SELECT max(id) FROM {table}))"))
                conn.execute(db.text("ANALYZE"))
            else:
                conn.execute(db.text("ANALYZE"))
    return time.perf_counter() - start


def list_queries() -> list[str]:
    """The project list under the filters the console uses."""
    return ["", "unit_id=7", "status=in_progress", "status=completed&status=in_use",
            "late=true", "late=false&batch=2", "leader_led=true", "category=health",
            "q=%E6%A1%A5", "q=%E9%A1%B9%E7%9B%AE42", "page=40", "unit_id=12&late=true"]


def p95(values: list[float]) -> float:
    """The 95th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[max(0, -(-len(ordered) * 95 // 100) - 1)]


def measure(app, runs: int) -> None:
    """Time the list under each filter and the report for two months."""
    from server.reports.periods import current_key
    from server.services.clock import local_today

    headers, client = office_login(app), app.test_client()
    every = []
    for query in list_queries():
        t = time_get(client, f"/api/v1/projects?{query}", headers, runs)
        every += t
        print(f"  list {query or '(no filter)':<32} median {statistics.median(t) * 1000:6.1f} ms"
              f"  p95 {p95(t) * 1000:6.1f} ms")
    print(f"  list, all filters: median {statistics.median(every) * 1000:6.1f} ms  p95 "
          f"{p95(every) * 1000:6.1f} ms  (goal p95 <= {LIST_GOAL_S * 1000:.0f} ms)")
    with app.app_context():
        today = local_today()
    for month in (current_key("month", today),
                  current_key("month", today.replace(day=1) - timedelta(days=1))):
        for fmt in ("json", "html", "xlsx"):
            t = time_get(client, f"/api/v1/reports/projects?month={month}&format={fmt}",
                      headers, max(3, runs // 4))
            print(f"  月度进展 {month} {fmt:<5} median {statistics.median(t):6.3f} s  "
                  f"best {min(t):6.3f} s  (goal <= {REPORT_GOAL_S:.0f} s)")


def run(backend: str, args) -> None:
    """Generate and measure on one backend."""
    from server import create_app
    from server.migrate import upgrade

    with tempfile.TemporaryDirectory() as data_dir:
        schema = f"zl_projects_{uuid.uuid4().hex[:8]}"
        if backend == "postgresql":
            with psycopg.connect(PG_URL, autocommit=True) as conn:
                conn.execute(f"CREATE SCHEMA {schema}")
            url = schema_url(schema)
        else:
            url = f"sqlite:///{Path(data_dir) / 'bench.db'}"
        try:
            app = create_app({"DATA_DIR": data_dir, "DATABASE_URL": url,
                              "PASSWORD_HASH_COST": "low"})
            with app.app_context():
                upgrade()
            secs = generate(app, args.projects, args.updates)
            print(f"{backend}: {args.projects:,} projects, {args.projects * len(STEPS):,} "
                  f"milestones, {args.updates:,} progress updates generated in {secs:.1f} s")
            measure(app, args.runs)
        finally:
            if backend == "postgresql" and not args.keep:
                with psycopg.connect(PG_URL, autocommit=True) as conn:
                    conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
            elif backend == "postgresql":
                print(f"  kept schema {schema}")


def main() -> None:
    """Parse the options and run on the chosen backends."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--projects", type=int, default=10_000)
    parser.add_argument("--updates", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--quick", action="store_true", help="a small run that checks the "
                        "script works")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    if args.quick:
        args.projects, args.updates, args.runs = 300, 3_000, 2
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    for backend in (("sqlite", "postgresql") if args.db == "both" else (args.db,)):
        run(backend, args)


if __name__ == "__main__":
    main()
