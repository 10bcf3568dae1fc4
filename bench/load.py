"""Load: 50 simulated phones pushing and pulling against the production server on PostgreSQL.

Goal (reliability issue): zero errors and p95 <= 300 ms on this 2-core machine.

Setup: a fresh PostgreSQL schema (at ZL_TEST_POSTGRES_URL, default
postgresql://127.0.0.1:5432/test; dropped at the end), `zhangliang init` and
`zhangliang demo` (the 新郑市 organisation and six weeks of history), then the real
production server, `zhangliang serve` (gunicorn, 2 workers x 4 threads unless told
otherwise), on a free port of 127.0.0.1. Every simulated device logs in as one of the
demo's cadres (round robin) and keeps one keep-alive HTTP connection (stdlib
http.client, one thread per device).

Each device then repeats a sync cycle, as the field app does, until the time is up: wait
a think time (uniform 0.5x..1.5x of --think seconds), sometimes upload a photo (a small
distinct JPEG, --photo-ratio of the cycles), push 1-3 mutations (`report.create` with
that photo, or without one, at a spot in one of the cadre's areas; or `visit.checkin`),
then pull from its cursor until `more` is false. An answer counts as an error when the
request fails, its status is not the expected one, or a mutation is not `applied`. A
connection the server closed while idle (keep-alive timeout) is reopened and the request
sent again, as browsers do; that is counted as a reconnect, not an error.

Only requests started after --warmup seconds and finished within the measured window
count. Printed: requests and mutations per second, p50/p95/p99/max latency per kind and
overall, errors, reconnects, and whether the goal is met (exit status 1 if not).

Run from the repository root:

    .venv/bin/python bench/load.py             # 50 devices, 10 s warm-up, 60 s measured
    .venv/bin/python bench/load.py --quick     # 50 devices, 3 s warm-up, 15 s measured
        [--devices 50] [--duration 60] [--warmup 10] [--think 5.0] [--photo-ratio 0.2]
        [--workers 2] [--threads 4] [--json FILE]

Traffic goes only to 127.0.0.1; every loop is bounded by the measured window. Not a test
(no test_ prefix): the figures depend on the machine and on what else runs on it.
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import io
import json
import os
import random
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import psycopg  # noqa: E402
from PIL import Image  # noqa: E402

from tests.reliability.server_proc import HOST, ZlServer, pg_schema_url  # noqa: E402

PG_URL = os.environ.get("ZL_TEST_POSTGRES_URL", "postgresql://127.0.0.1:5432/test")
PASSWORD = "load-bench-丈量"
GOAL_P95_MS = 300.0
CATEGORIES = ("convenience", "infrastructure", "health", "culture_tourism", "other")
TEXTS = ("路灯不亮，夜间通行不便", "窨井盖缺失，存在安全隐患", "垃圾堆放未及时清运",
         "道路坑洼积水", "护栏被撞坏一段", "排水沟堵塞有异味", "违章搭建占用人行道",
         "公厕无人保洁", "健身器材损坏", "河道漂浮物较多", "学校门口缺少减速带",
         "村卫生室药品短缺", "便民服务中心排队时间长", "桥面伸缩缝破损")


def _now() -> str:
    return datetime.now(UTC).isoformat()


class Stats:
    """Latencies and errors of the measured window, shared by the device threads."""

    def __init__(self, start: float, end: float):
        self.start, self.end = start, end
        self.lock = threading.Lock()
        self.latency: dict[str, list[float]] = {}
        self.errors: list[str] = []
        self.mutations = 0
        self.reconnects = 0
        self.cycles = 0

    def record(self, kind: str, t0: float, t1: float, error: str | None = None,
               mutations: int = 0) -> None:
        if t0 < self.start or t1 > self.end:
            return
        with self.lock:
            self.latency.setdefault(kind, []).append((t1 - t0) * 1000)
            self.mutations += mutations
            if error:
                self.errors.append(f"{kind}: {error}")


class Device(threading.Thread):
    """One phone: think, upload, push, pull, until the window closes."""

    def __init__(self, n: int, port: int, token: str, areas: list[dict], photos: list[bytes],
                 args, stats: Stats, stop_at: float):
        super().__init__(daemon=True, name=f"device-{n}")
        self.n, self.port, self.token, self.areas = n, port, token, areas
        self.photos, self.args, self.stats, self.stop_at = photos, args, stats, stop_at
        self.rng = random.Random(n)
        self.conn: http.client.HTTPConnection | None = None
        self.cursor = 0
        self.visits: list[str] = []

    def _request(self, method: str, path: str, body: bytes | None, headers: dict):
        """(status, headers, body); reopen once a connection the server closed while idle."""
        hdrs = {"Authorization": f"Bearer {self.token}", **headers}
        for attempt in (0, 1):
            fresh = self.conn is None
            if fresh:
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=60)
            try:
                self.conn.request(method, path, body=body, headers=hdrs)
                resp = self.conn.getresponse()
                data = resp.read()
                if resp.will_close:
                    self.conn.close()
                    self.conn = None
                return resp.status, resp, data
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.conn.close()
                self.conn = None
                if fresh or attempt:
                    raise
                with self.stats.lock:
                    self.stats.reconnects += 1
        raise AssertionError("unreachable")

    def _timed(self, kind: str, method: str, path: str, body=None, headers=None,
               expect=(200,), check=None) -> bytes | None:
        t0 = time.monotonic()
        error, mutations, data = None, 0, None
        try:
            status, _, data = self._request(method, path, body, headers or {})
            if status not in expect:
                error = f"HTTP {status} {data[:200]!r}"
            elif check:
                error, mutations = check(data)
        except (OSError, http.client.HTTPException) as exc:
            error = f"{type(exc).__name__}: {exc}"
        self.stats.record(kind, t0, time.monotonic(), error, mutations)
        return None if error else data

    def _spot(self) -> tuple[int, float, float]:
        area = self.rng.choice(self.areas)
        radius = min(area.get("radius_m") or 300, 800) / 111_000
        return (area["id"], area["lat"] + self.rng.uniform(-radius, radius),
                area["lon"] + self.rng.uniform(-radius, radius))

    def _mutation(self, photo: str | None) -> dict:
        area_id, lat, lon = self._spot()
        if photo is None and self.rng.random() < 0.3:
            payload = {"area_id": area_id, "lat": lat, "lon": lon,
                       "accuracy_m": self.rng.uniform(3, 30)}
            return {"id": str(uuid.uuid4()), "type": "visit.checkin", "at": _now(),
                    "payload": payload}
        text = self.rng.choice(TEXTS)
        return {"id": str(uuid.uuid4()), "type": "report.create", "at": _now(), "payload": {
            "area_id": area_id, "category": self.rng.choice(CATEGORIES),
            "description": f"{text}（{self.rng.randrange(1, 40)}号附近）",
            "severity": "urgent" if self.rng.random() < 0.1 else "normal",
            "lat": lat, "lon": lon, "accuracy_m": self.rng.uniform(3, 30),
            "captured_at": _now(), "photos": [photo] if photo else []}}

    @staticmethod
    def _push_check(expected: int):
        def check(data: bytes):
            results = json.loads(data)["results"]
            bad = [r for r in results if r.get("status") not in ("applied", "duplicate")]
            if len(results) != expected or bad:
                return f"results {bad or len(results)}", 0
            return None, len(results)
        return check

    def cycle(self) -> None:
        photo = None
        if self.photos and self.rng.random() < self.args.photo_ratio:
            data = self.photos.pop()
            photo = hashlib.sha256(data).hexdigest()
            if self._timed("photo", "PUT", f"/api/v1/photos/{photo}", data,
                           {"Content-Type": "image/jpeg"}, expect=(200, 201)) is None:
                photo = None
        muts = [self._mutation(photo)] + [self._mutation(None)
                                          for _ in range(self.rng.randrange(0, 3))]
        body = json.dumps({"device_id": f"load-{self.n}", "mutations": muts}).encode()
        self._timed("push", "POST", "/api/v1/sync/push", body,
                    {"Content-Type": "application/json"}, check=self._push_check(len(muts)))
        for _ in range(5):
            data = self._timed("pull", "GET", f"/api/v1/sync/pull?cursor={self.cursor}&limit=100")
            if data is None:
                break
            page = json.loads(data)
            self.cursor = page["cursor"]
            if not page["more"]:
                break

    def run(self) -> None:
        # the first pull of a new phone brings its whole scope: not part of the steady state
        self.rng_sleep(0.0, 1.0)
        while time.monotonic() < self.stop_at:
            self.cycle()
            with self.stats.lock:
                self.stats.cycles += 1
            self.rng_sleep(0.5 * self.args.think, 1.5 * self.args.think)
        if self.conn is not None:
            self.conn.close()

    def rng_sleep(self, lo: float, hi: float) -> None:
        time.sleep(max(0.0, min(self.rng.uniform(lo, hi), self.stop_at - time.monotonic())))


def small_jpegs(count: int) -> list[bytes]:
    """Distinct small JPEGs, like a phone's resized photo but smaller."""
    rng = random.Random(7)
    out = []
    for _ in range(count):
        img = Image.frombytes("RGB", (160, 120), rng.randbytes(160 * 120 * 3))
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=75)
        out.append(buf.getvalue())
    return out


def pct(values: list[float], q: float) -> float:
    """The q-th percentile (nearest rank)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(q / 100 * len(ordered))) - 1))]


def report(stats: Stats, args, window: float) -> dict:
    rows = {}
    everything = []
    for kind in ("push", "pull", "photo"):
        lat = stats.latency.get(kind, [])
        everything += lat
        rows[kind] = lat
    rows["all"] = everything
    table = {}
    print(f"\n{'kind':<6} {'count':>7} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
          f"{'max ms':>7} {'errors':>6}")
    for kind, lat in rows.items():
        errs = sum(1 for e in stats.errors if kind == "all" or e.startswith(kind + ":"))
        line = {"count": len(lat), "rps": len(lat) / window, "p50": pct(lat, 50),
                "p95": pct(lat, 95), "p99": pct(lat, 99),
                "max": max(lat) if lat else float("nan"), "errors": errs}
        table[kind] = line
        print(f"{kind:<6} {line['count']:>7} {line['rps']:>7.1f} {line['p50']:>7.0f} "
              f"{line['p95']:>7.0f} {line['p99']:>7.0f} {line['max']:>7.0f} {errs:>6}")
    met = not stats.errors and table["all"]["p95"] <= GOAL_P95_MS
    load = os.getloadavg()
    print(f"\nmutations applied: {stats.mutations} ({stats.mutations / window:.1f}/s); "
          f"sync cycles: {stats.cycles}; reconnects: {stats.reconnects}; "
          f"errors: {len(stats.errors)}; load average at the end {load[0]:.1f} (1 min) "
          f"{load[1]:.1f} (5 min) on {os.cpu_count()} cores")
    for err in stats.errors[:10]:
        print("  error:", err[:300])
    print(f"goal: zero errors and p95 <= {GOAL_P95_MS:.0f} ms: {'MET' if met else 'NOT MET'} "
          f"(errors {len(stats.errors)}, p95 {table['all']['p95']:.0f} ms)")
    return {"devices": args.devices, "think_s": args.think, "window_s": window,
            "workers": args.workers, "threads": args.threads, "photo_ratio": args.photo_ratio,
            "kinds": table, "mutations": stats.mutations, "reconnects": stats.reconnects,
            "errors": stats.errors[:50], "goal_met": met, "loadavg": load}


def demo_cadres(output: str) -> list[str]:
    """Usernames of the demo logins that hold the cadre role."""
    names = []
    for line in output.splitlines():
        parts = line.split()
        if len(parts) >= 3 and line.startswith("  ") and "cadre" in line.split(None, 2)[2]:
            names.append(parts[0])
    return names


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devices", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0, help="measured seconds")
    parser.add_argument("--warmup", type=float, default=10.0)
    parser.add_argument("--think", type=float, default=5.0, help="mean seconds between syncs")
    parser.add_argument("--photo-ratio", type=float, default=0.2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--quick", action="store_true", help="3 s warm-up, 15 s measured")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    if args.quick:
        args.warmup, args.duration = 3.0, 15.0

    schema = f"zl_load_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    workdir = tempfile.TemporaryDirectory(prefix="zl-load-")
    server = ZlServer(Path(workdir.name), pg_schema_url(PG_URL, schema),
                      workers=args.workers, threads=args.threads,
                      env={"ZHANGLIANG_LOGIN_MAX_FAILURES_PER_ADDRESS": "1000"})
    try:
        t0 = time.monotonic()
        server.init()
        cadres = demo_cadres(server.cli("demo", "--password", PASSWORD).stdout)
        assert cadres, "the demo made no cadre"
        server.start()
        print(f"setup (init, demo, start) {time.monotonic() - t0:.1f} s; "
              f"{args.devices} devices over {len(cadres)} cadre accounts; PostgreSQL schema "
              f"{schema}; gunicorn {args.workers} workers x {args.threads} threads; "
              f"think {args.think} s; photos in {args.photo_ratio:.0%} of the syncs")
        tokens, areas = {}, {}
        for name in cadres:
            tokens[name] = server.login(name, PASSWORD)
            me = server.call("GET", "/api/v1/me", token=tokens[name]).json()
            mine = [a for a in me["areas"] if a.get("assigned") and a.get("lat") is not None]
            areas[name] = mine or [a for a in me["areas"] if a.get("lat") is not None]
        per_device = int(args.photo_ratio * (args.warmup + args.duration) / max(args.think, 0.1)
                         * 1.5) + 5
        photos = small_jpegs(per_device * args.devices)
        start = time.monotonic() + 1.0
        stats = Stats(start + args.warmup, start + args.warmup + args.duration)
        devices = []
        for n in range(args.devices):
            name = cadres[n % len(cadres)]
            devices.append(Device(n, server.port, tokens[name], areas[name],
                                  photos[n * per_device:(n + 1) * per_device], args, stats,
                                  stats.end))
        while time.monotonic() < start:
            time.sleep(0.01)
        for d in devices:
            d.start()
        for d in devices:
            d.join(timeout=args.warmup + args.duration + 120)
        figures = report(stats, args, args.duration)
        if args.json:
            Path(args.json).write_text(json.dumps(figures, ensure_ascii=False, indent=1))
        return 0 if figures["goal_met"] else 1
    finally:
        server.close()
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")
        workdir.cleanup()


if __name__ == "__main__":
    sys.exit(main())
