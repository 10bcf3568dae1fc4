"""Benchmark: ingest of `report.create` through HTTP against the production server.

Goal (issue): >= 1,000 mutations/s on this 2-core machine in batches of 50, on SQLite and
on PostgreSQL.

For each database and each server setting (gunicorn workers x threads) it makes a fresh
database (`zhangliang init`, then `zhangliang demo`: the 新郑市 organisation with users
`cadre` ... `cadre4`, `office` and `admin`), starts the real production server
(`zhangliang serve --workers N --threads M`) as a subprocess on a free port of 127.0.0.1,
adds a county's villages and communities over the admin API (--areas, see
bench/ingest_areas.py), logs in over HTTP and pushes pre-built batches of 50
`report.create` mutations from several concurrent client threads (stdlib http.client,
one keep-alive connection each).

The reports are realistic: Chinese problem texts with a numbered place (3号楼, 2单元 ...)
around 34.39 N 113.74 E, 60 % in the cadre's own areas and the rest in any area
(townships included), Gaussian around the area's centre. Most are new problems;
about 10 % are the same problem reported again by another cadre a few metres away in
other words (the duplicate-merge lookup should join them), and batches 2, 12, 22 ... of
each client re-send two mutations of its previous batch (a phone retrying after a lost
answer: the server must answer `duplicate` with the first result). Every report runs the
server's duplicate-merge lookup, so the cost per report grows as the ledger fills.

Printed per run: mutations/s (all results, and new reports applied) and over each third
of the run, p50/p95/max batch latency, applied/duplicate/rejected counts, items created
(GET /api/v1/items total before/after), joins, and where the CPU went: the server's
processes, its PostgreSQL backends (matched by socket), this client, and other processes
on the machine, with the CPU-bound ceiling that implies; on PostgreSQL also what the
server's backends were doing (sampled from pg_stat_activity: running, idle in a
transaction, waiting on a lock ...). Then a table of every setting against the goal.
The script exits 1 if any result is not `applied` (or `duplicate` for a deliberate
re-send).

Run from the repository root (a full run takes about 4 minutes per database):

    .venv/bin/python bench/ingest.py [--db sqlite|postgresql|both] [--quick]
        [--settings 4x2,4x1,2x4] [--clients 8] [--batches 40] [--max-seconds 45]
        [--areas 300]

--areas 0 keeps the demo's 16 small areas only: ~700 open problems per village by the end,
a stress test of the merge decision rather than of ingest.
--quick: one setting, two clients, three batches each (seconds; checks the script works).
PostgreSQL is the one at ZL_TEST_POSTGRES_URL (default postgresql://127.0.0.1:5432/test);
each run uses a schema of its own and drops it. The temporary data folder is deleted.
Not a test (no test_ prefix): figures depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

from ingest_areas import spread_areas  # noqa: E402
from ingest_output import GOAL_PER_S, RunResult, print_run, print_summary  # noqa: E402
from ingest_plan import BATCH, CADRES, ClientPlan, Planned, build_plans  # noqa: E402
from ingest_server import (  # noqa: E402
    Client,
    CpuMeter,
    Database,
    PgWaitSampler,
    Server,
    prepare,
    python_speed,
    server_env,
)

SEED = 20261127

# --------------------------------------------------------------------------- one run


def _items_total(client: Client) -> int:
    status, body = client.call("GET", "/api/v1/items?per_page=1")
    if status != 200:
        raise RuntimeError(f"GET /api/v1/items: {status} {body}")
    return body["total"]


def _push_loop(client: Client, plan: ClientPlan, barrier: threading.Barrier, deadline: list,
               out: dict) -> None:
    """One client thread: push its batches in order, timing each."""
    latencies, answers, done_at = [], [], []
    barrier.wait()
    try:
        for body, batch in zip(plan.bodies, plan.batches, strict=True):
            if time.perf_counter() > deadline[0]:
                out["stopped_early"] = True
                break
            start = time.perf_counter()
            status, answer = client.call("POST", "/api/v1/sync/push", body)
            end = time.perf_counter()
            latencies.append((end - start) * 1000)
            done_at.append(end - out["start"])
            if status != 200:
                answers.append((batch, None, f"HTTP {status}: {str(answer)[:300]}"))
                continue
            answers.append((batch, answer["results"], None))
    except Exception as exc:  # noqa: BLE001 - report and let the run fail its checks
        out["error"] = f"{type(exc).__name__}: {exc}"
    out["latencies"], out["answers"], out["done_at"] = latencies, answers, done_at


def _check(result: RunResult, outs: list[dict]) -> dict[str, dict]:
    """Count the results; note every one that is not what the benchmark expects."""
    counts = {"applied": 0, "duplicate": 0, "rejected": 0, "other": 0}
    first: dict[str, dict] = {}
    resends: list[tuple[Planned, dict]] = []
    for out in outs:
        if "error" in out:
            result.problems.append(f"client error: {out['error']}")
        for batch, results, error in out["answers"]:
            if error:
                result.problems.append(error)
                continue
            if len(results) != len(batch):
                result.problems.append(f"{len(results)} results for {len(batch)} mutations")
            for planned, res in zip(batch, results, strict=False):
                result.sent += 1
                status = res.get("status")
                counts[status if status in counts else "other"] += 1
                if res.get("id") != planned.mutation["id"]:
                    result.problems.append(f"result id {res.get('id')} out of order")
                if planned.resend:
                    resends.append((planned, res))
                elif status != "applied":
                    result.problems.append(f"{planned.mutation['id']}: {status} "
                                           f"{json.dumps(res, ensure_ascii=False)[:300]}")
                else:
                    first[planned.mutation["id"]] = res
    for planned, res in resends:
        orig = first.get(planned.mutation["id"])
        if res.get("status") != "duplicate":
            result.problems.append(f"re-send {planned.mutation['id']} answered "
                                   f"{res.get('status')}, not duplicate")
        elif orig and res.get("item_id") != orig.get("item_id"):
            result.problems.append(f"re-send {planned.mutation['id']}: item "
                                   f"{res.get('item_id')} != first answer {orig.get('item_id')}")
    result.counts = counts
    return first


def run_one(backend: str, setting: str, clients: int, batches: int, max_seconds: float,
            tmp: Path, seed: int, areas: int) -> RunResult:
    """Fresh database, server up, push everything, check, server down, database dropped."""
    workers, threads = (int(x) for x in setting.split("x"))
    result = RunResult(backend, setting, clients)
    data_dir = tmp / f"data_{backend}_{setting}"
    db = Database.create(backend, tmp, setting)
    server = None
    try:
        env = server_env(data_dir, db)
        t0 = time.perf_counter()
        prepare(env)
        server = Server(env, workers, threads, tmp / f"server_{backend}_{setting}.log")
        server.wait_ready()
        server.settle()
        result.setup_s = time.perf_counter() - t0

        result.areas_added = spread_areas(server.port, areas, CADRES, seed)
        office = Client(server.port)
        office.login("office")
        result.items_before = _items_total(office)
        areas_by_user = {}
        conns = []
        for i in range(clients):
            username = CADRES[i % len(CADRES)]
            conn = Client(server.port)
            conn.login(username)
            if username not in areas_by_user:
                status, me = conn.call("GET", "/api/v1/me")
                if status != 200:
                    raise RuntimeError(f"GET /api/v1/me: {status} {me}")
                areas_by_user[username] = [a for a in me["areas"] if a["lat"] is not None]
            conns.append(conn)
        plans = build_plans(areas_by_user, clients, batches, seed)

        outs = [{} for _ in plans]
        barrier = threading.Barrier(len(plans) + 1)
        deadline = [float("inf")]
        threads_ = [threading.Thread(target=_push_loop, args=(c, p, barrier, deadline, o))
                    for c, p, o in zip(conns, plans, outs, strict=True)]
        for th in threads_:
            th.start()
        meter = CpuMeter(server, backend)
        meter.start()
        sampler = PgWaitSampler(server) if backend == "postgresql" else None
        if sampler:
            sampler.start()
        start = time.perf_counter()
        deadline[0] = start + max_seconds
        for out in outs:
            out["start"] = start
        barrier.wait()
        for th in threads_:
            th.join()
        result.elapsed_s = time.perf_counter() - start
        result.cpu = meter.stop(result.elapsed_s)
        if sampler:
            result.waits = sampler.stop()
        result.done_at = sorted(t for o in outs for t in o.get("done_at", []))
        result.stopped_early = any(o.get("stopped_early") for o in outs)
        result.latencies_ms = [x for o in outs for x in o.get("latencies", [])]

        first = _check(result, outs)
        same = [p for plan in plans for batch in plan.batches for p in batch  # both applied
                if p.same_as and not p.resend and p.mutation["id"] in first
                and p.same_as in first]
        result.same_problem = len(same)
        result.same_problem_joined = sum(
            1 for p in same
            if first[p.same_as].get("item_id") == first[p.mutation["id"]].get("item_id"))
        result.items_after = _items_total(office)
        created = result.items_after - result.items_before
        result.joined = result.counts["applied"] - created
        distinct = len({r.get("item_id") for r in first.values()})
        if created > distinct:
            result.problems.append(f"{created} items created but results name only "
                                   f"{distinct} distinct items")
        for conn in [office, *conns]:
            conn.close()
        return result
    finally:
        if server is not None:
            server.stop()
        db.drop()
        shutil.rmtree(data_dir, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--quick", action="store_true", help="a small run of a few seconds")
    parser.add_argument("--settings", help="server settings WORKERSxTHREADS, comma-separated "
                        "(default 4x2,4x1,2x4; quick: 4x2)")
    parser.add_argument("--clients", type=int, help="concurrent client threads (default 8)")
    parser.add_argument("--batches", type=int, help="batches per client (default 40)")
    parser.add_argument("--max-seconds", type=float, default=45.0,
                        help="stop sending new batches after this long (default 45)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--areas", type=int, default=300,
                        help="villages and communities to add across the county first "
                        "(default 300; 0: the demo's 16 small areas only, a dense stress)")
    args = parser.parse_args(argv)
    settings = (args.settings or ("4x2" if args.quick else "4x2,4x1,2x4")).split(",")
    for s in settings:
        if not (len(s.split("x")) == 2 and all(p.isdigit() for p in s.split("x"))):
            parser.error(f"bad setting {s!r}: use WORKERSxTHREADS, e.g. 2x4")
    clients = args.clients or (2 if args.quick else 8)
    batches = args.batches or (3 if args.quick else 40)
    backends = ["sqlite", "postgresql"] if args.db == "both" else [args.db]

    print(f"ingest benchmark: {', '.join(backends)}; settings {', '.join(settings)}; "
          f"{clients} clients x {batches} batches x {BATCH} mutations; "
          f"{os.cpu_count()} CPUs; goal >= {GOAL_PER_S:.0f} mutations/s")
    print(f"this machine: 10,000,000 Python additions in {python_speed():.2f} s of CPU "
          "(the yardstick to compare runs by; ~0.5 s on a recent laptop core)")
    results = []
    started = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix="zl_bench_ingest_"))
    try:
        for backend in backends:
            for setting in settings:
                r = run_one(backend, setting, clients, batches, args.max_seconds, tmp,
                            args.seed, args.areas)
                print_run(r)
                results.append(r)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print_summary(results)
    print(f"\ntotal run time {time.perf_counter() - started:.0f} s")
    return 1 if any(r.problems for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
