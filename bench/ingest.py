"""Benchmark: ingest of `report.create` through HTTP against the production server.

Goal (issue): >= 1,000 mutations/s on this 2-core machine in batches of 50, on SQLite and
on PostgreSQL.

For each database and each server setting (gunicorn workers x threads) it makes a fresh
database (`zhangliang init`, then `zhangliang demo`: the 新郑市 organisation with users
`cadre` ... `cadre4` and `office`), starts the real production server
(`zhangliang serve --workers N --threads M`) as a subprocess on a free port of 127.0.0.1,
logs in over HTTP and pushes pre-built batches of 50 `report.create` mutations from
several concurrent client threads (stdlib http.client, one keep-alive connection each).

The reports are realistic: Chinese problem texts with a numbered place (3号楼, 2单元 ...)
around 34.39 N 113.74 E, 60 % in the cadre's own areas and the rest in any area of the
demo (townships included), Gaussian around the area's centre. Most are new problems;
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
        [--settings 2x4,4x2,1x8] [--clients 8] [--batches 40] [--max-seconds 45]

--quick: one setting, two clients, three batches each (seconds; checks the script works).
PostgreSQL is the one at ZL_TEST_POSTGRES_URL (default postgresql://127.0.0.1:5432/test);
each run uses a schema of its own and drops it. The temporary data folder is deleted.
Not a test (no test_ prefix): figures depend on the machine.
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import psycopg

REPO = Path(__file__).resolve().parents[1]
BIN = REPO / ".venv" / "bin"
PG_URL = os.environ.get("ZL_TEST_POSTGRES_URL", "postgresql://127.0.0.1:5432/test")
GOAL_PER_S = 1000.0
BATCH = 50
RESEND_EVERY = 10  # batches 2, 12, 22 ... of a client re-send 2 of its previous batch
RESENDS = 2
SAME_PROBLEM_SHARE = 0.10
PASSWORD = "bench-丈量-2026"
CADRES = ("cadre", "cadre2", "cadre3", "cadre4")
SEED = 20261127

# Numbered places: the number is what tells two nearby problems of one kind apart.
PLACES = ("{n}号楼东侧", "{n}号楼北门口", "{n}栋楼下", "{n}单元门口", "{n}号院门前",
          "{n}号商铺门前")
PROBLEMS = {
    "infrastructure": (
        "窨井盖缺失，夜间行人容易踩空，存在安全隐患",
        "路面坑洼积水，电动车经过容易滑倒",
        "楼道灯长期不亮，居民上下楼不方便",
        "私搭乱建彩钢棚占用人行道",
        "护栏被撞坏一段，一直没人修",
        "雨水管道堵塞，下雨就积水",
        "人行道地砖松动翘起，老人容易绊倒",
    ),
    "convenience": (
        "健身器材损坏，螺丝松动，老人不敢用",
        "直饮水点出水口堵塞，夏天没水喝",
        "公交站台顶棚破损，下雨没地方躲",
        "便民服务点周末不开门，办事要请假",
        "快递柜长期故障，取件困难",
    ),
    "health": (
        "垃圾堆放多日无人清运，气味很大",
        "化粪池外溢，污水流到路面",
        "公共厕所无人打扫，卫生很差",
        "垃圾桶破损缺盖，蚊蝇很多",
        "排水沟黑臭，夏天味道刺鼻",
    ),
    "culture_tourism": (
        "景观灯损坏，晚上一片黑",
        "指示牌字迹褪色看不清",
        "文化墙墙皮脱落，影响观瞻",
    ),
    "disaster_rebuild": (
        "边坡塌方，还没有加固",
        "水毁便道坑多，大车过不去",
        "灾后重建挡土墙出现裂缝",
    ),
    "other": (
        "物业撤场后无人管理，门岗无人值守",
        "饮水管道漏水，村民用水压力小",
        "电动车飞线充电，存在火灾隐患",
    ),
}
CATEGORY_WEIGHTS = {"infrastructure": 40, "health": 20, "convenience": 15, "other": 10,
                    "culture_tourism": 8, "disaster_rebuild": 7}
SAME_PREFIX = ("群众反映", "居民说", "再次发现", "现场看到", "有人反映")
SAME_SUFFIX = ("，请尽快处理", "，已经好几天了", "，居民意见很大", "，希望尽快解决", "")


# --------------------------------------------------------------------------- databases


def pg_schema_url(schema: str) -> str:
    """A PostgreSQL URL whose connections use `schema` (as tests/conftest.py does)."""
    sep = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{sep}options=-csearch_path%3D{schema}"


@dataclass
class Database:
    """A fresh database of one backend; `drop` removes it."""

    backend: str
    url: str
    schema: str | None = None

    @classmethod
    def create(cls, backend: str, tmp: Path, tag: str) -> Database:
        """An empty SQLite file under tmp, or a new PostgreSQL schema."""
        if backend == "sqlite":
            return cls(backend, f"sqlite:///{tmp / f'ingest_{tag}.db'}")
        schema = f"zl_bench_ingest_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {schema}")
        return cls(backend, pg_schema_url(schema), schema)

    def drop(self) -> None:
        """Drop the PostgreSQL schema (the SQLite file goes with the temp folder)."""
        if self.schema:
            with psycopg.connect(PG_URL, autocommit=True) as conn:
                conn.execute(f"DROP SCHEMA IF EXISTS {self.schema} CASCADE")
            self.schema = None


def server_env(data_dir: Path, db: Database) -> dict:
    """Environment of the zhangliang commands."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZHANGLIANG_")}
    env.update(ZHANGLIANG_DATA_DIR=str(data_dir), ZHANGLIANG_DATABASE_URL=db.url,
               ZHANGLIANG_PASSWORD_HASH_COST="low", PYTHONUNBUFFERED="1")
    return env


def prepare(env: dict) -> None:
    """`zhangliang init` and `zhangliang demo` on the fresh database."""
    for args in (["init"], ["demo", "--password", PASSWORD]):
        done = subprocess.run([str(BIN / "zhangliang"), *args], env=env, cwd=REPO,
                              capture_output=True, text=True, timeout=300)
        if done.returncode != 0:
            raise RuntimeError(f"zhangliang {args[0]} failed:\n{done.stdout}\n{done.stderr}")


# --------------------------------------------------------------------------- the server


def free_port() -> int:
    """A TCP port of 127.0.0.1 nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`zhangliang serve` as a subprocess in its own process group."""

    def __init__(self, env: dict, workers: int, threads: int, log: Path):
        self.port = free_port()
        self.log = log
        self._log_file = log.open("wb")
        self.proc = subprocess.Popen(
            [str(BIN / "zhangliang"), "serve", "--host", "127.0.0.1", "--port", str(self.port),
             "--workers", str(workers), "--threads", str(threads)],
            env=env, cwd=REPO, stdout=self._log_file, stderr=subprocess.STDOUT,
            start_new_session=True)

    def wait_ready(self, timeout: float = 60.0) -> None:
        """Until the API answers (401 from /me without a token)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited:\n{self.log.read_text()[-3000:]}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/api/v1/me")
                if conn.getresponse().status == 401:
                    conn.close()
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError("server did not start in time")

    def settle(self, timeout: float = 30.0) -> None:
        """Until the workers have booted: the server's CPU use stays flat for half a second."""
        deadline = time.monotonic() + timeout
        before = self.cpu_seconds()
        while time.monotonic() < deadline:
            time.sleep(0.5)
            now = self.cpu_seconds()
            if now - before < 0.05:
                return
            before = now

    def cpu_seconds(self) -> float:
        """User+system CPU seconds of the server's processes so far (live ones)."""
        return sum(_proc_cpu(pid) for pid in _tree(self.proc.pid))

    def stop(self) -> None:
        """SIGTERM the process group we started; SIGKILL it if it lingers."""
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
            except ProcessLookupError:
                pass
        self._log_file.close()


def _proc_cpu(pid: int) -> float:
    """CPU seconds (user+system) of one process from /proc."""
    try:
        fields_ = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields_[11]) + int(fields_[12])) / os.sysconf("SC_CLK_TCK")


def _tree(root: int) -> list[int]:
    """root and its child processes (gunicorn master and workers)."""
    out = [root]
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            if ppid == root:
                out.append(int(entry.name))
    return out


def _socket_inodes(pids: list[int]) -> set[str]:
    """Inodes of the sockets the processes hold open."""
    out = set()
    for pid in pids:
        try:
            for fd in Path(f"/proc/{pid}/fd").iterdir():
                target = os.readlink(fd)
                if target.startswith("socket:["):
                    out.add(target[8:-1])
        except OSError:
            continue
    return out


def pg_backends(server_pids: list[int]) -> list[int]:
    """Pids of the PostgreSQL backends serving the server's connections (matched by port)."""
    pg_port = urlsplit(PG_URL).port or 5432
    inodes = _socket_inodes(server_pids)
    ports = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            cols = line.split()
            if cols[9] in inodes and int(cols[2].rsplit(":", 1)[1], 16) == pg_port:
                ports.append(int(cols[1].rsplit(":", 1)[1], 16))
    if not ports:
        return []
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        rows = conn.execute("SELECT pid FROM pg_stat_activity WHERE client_port = ANY(%s)",
                            (ports,)).fetchall()
    return [r[0] for r in rows]


class CpuMeter:
    """CPU seconds spent during a run by the server, its PostgreSQL backends, this client
    and the whole machine (the rest is other processes, e.g. other jobs on the machine)."""

    def __init__(self, server: Server, backend: str):
        self.server, self.backend = server, backend

    def _sample(self) -> dict:
        pids = _tree(self.server.proc.pid)
        sample = {"server": sum(_proc_cpu(p) for p in pids), "client": time.process_time(),
                  "machine": machine_cpu(), "pg": {}}
        if self.backend == "postgresql":
            sample["pg"] = {p: _proc_cpu(p) for p in pg_backends(pids)}
        return sample

    def start(self) -> None:
        self.first = self._sample()

    def stop(self, elapsed: float) -> dict:
        last, first = self._sample(), self.first
        cores = os.cpu_count() or 1
        (busy0, total0), (busy1, total1) = first["machine"], last["machine"]
        machine = (busy1 - busy0) / max(1, total1 - total0) * cores * elapsed
        pg = sum(cpu - first["pg"].get(pid, 0.0) for pid, cpu in last["pg"].items())
        server, client = last["server"] - first["server"], last["client"] - first["client"]
        return {"cores": cores, "machine_busy_s": machine, "server_s": server, "pg_s": pg,
                "client_s": client, "other_s": max(0.0, machine - server - pg - client),
                "load": os.getloadavg()[0]}


class PgWaitSampler(threading.Thread):
    """What the server's PostgreSQL backends are doing, sampled until stopped."""

    def __init__(self, server: Server, interval: float = 0.5):
        super().__init__(daemon=True)
        self.server, self.interval = server, interval
        self.counts: Counter = Counter()
        self.halt = threading.Event()

    def run(self) -> None:
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            while not self.halt.wait(self.interval):
                pids = pg_backends(_tree(self.server.proc.pid))
                if not pids:
                    continue
                for state, wtype, wevent in conn.execute(
                        "SELECT state, wait_event_type, wait_event FROM pg_stat_activity "
                        "WHERE pid = ANY(%s)", (pids,)):
                    if state == "idle":
                        self.counts["idle"] += 1
                    elif wtype in (None, "CPU"):
                        self.counts[f"{state} (running)"] += 1
                    else:
                        self.counts[f"{state} waiting {wtype}:{wevent}"] += 1

    def stop(self) -> Counter:
        self.halt.set()
        self.join(timeout=10)
        return self.counts


def machine_cpu() -> tuple[float, float]:
    """(busy, total) jiffies of all CPUs, from /proc/stat."""
    parts = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = parts[3] + parts[4]
    total = sum(parts[:8])
    return total - idle, total


# --------------------------------------------------------------------------- HTTP client


class Client:
    """One keep-alive HTTP/1.1 connection with JSON in and out."""

    def __init__(self, port: int, token: str | None = None):
        self.port = port
        self.token = token
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)

    def call(self, method: str, path: str, body: bytes | dict | None = None) -> tuple[int, dict]:
        """Send a request, reconnecting once if the server closed the idle connection."""
        if isinstance(body, dict):
            body = json.dumps(body, ensure_ascii=False).encode()
        headers = {"Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                resp = self.conn.getresponse()
                data = resp.read()
                return resp.status, (json.loads(data) if data else {})
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def login(self, username: str) -> dict:
        """Log in; keep the token for later calls."""
        status, body = self.call("POST", "/api/v1/auth/login",
                                 {"username": username, "password": PASSWORD,
                                  "device_name": f"bench {username}"})
        if status != 200:
            raise RuntimeError(f"login {username}: {status} {body}")
        self.token = body["token"]
        return body

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()


# --------------------------------------------------------------------------- workload


@dataclass
class Planned:
    """One mutation as built, and what the benchmark expects of it."""

    mutation: dict
    same_as: str | None = None  # id of the report this one re-reports in other words
    resend: bool = False  # an exact re-send of an earlier mutation of the same client


@dataclass
class ClientPlan:
    """What one client thread sends: its user, device and batches (pre-encoded)."""

    username: str
    device_id: str
    batches: list[list[Planned]] = field(default_factory=list)
    bodies: list[bytes] = field(default_factory=list)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _position(rng: random.Random, area: dict) -> tuple[float, float]:
    """A spot in the area: Gaussian around its centre, sigma half its radius."""
    sigma = (area.get("radius_m") or 600.0) / 2.0
    dn, de = rng.gauss(0.0, sigma), rng.gauss(0.0, sigma)
    return area["lat"] + dn / 111_195.0, area["lon"] + de / (111_195.0 * 0.8249)


def _accuracy(rng: random.Random) -> float:
    """Phone GPS accuracy in metres: mostly good, sometimes poor."""
    roll = rng.random()
    if roll < 0.75:
        return round(rng.uniform(3.0, 20.0), 1)
    if roll < 0.95:
        return round(rng.uniform(20.0, 60.0), 1)
    return round(rng.uniform(60.0, 150.0), 1)


def _new_report(rng: random.Random, areas: list[dict], now: datetime) -> dict:
    """A new problem: 60 % in the cadre's own areas, the rest anywhere in the county."""
    mine = [a for a in areas if a["assigned"]]
    area = rng.choice(mine if mine and rng.random() < 0.6 else areas)
    category = rng.choices(list(CATEGORY_WEIGHTS), weights=list(CATEGORY_WEIGHTS.values()))[0]
    place = rng.choice(PLACES).format(n=rng.randint(1, 60))
    lat, lon = _position(rng, area)
    captured = now - timedelta(minutes=rng.uniform(5, 3 * 24 * 60))
    return {"area_id": area["id"], "category": category,
            "description": f"{area['name']}{place}{rng.choice(PROBLEMS[category])}",
            "severity": "urgent" if rng.random() < 0.15 else "normal",
            "lat": round(lat, 6), "lon": round(lon, 6), "accuracy_m": _accuracy(rng),
            "captured_at": _iso(captured), "photos": []}


def _same_problem(rng: random.Random, original: dict, now: datetime) -> dict:
    """The same problem reported again a few metres away, in other words."""
    bearing = rng.uniform(0, 6.283)
    metres = rng.uniform(2.0, 15.0)
    lat = original["lat"] + metres * math.cos(bearing) / 111_195.0
    lon = original["lon"] + metres * math.sin(bearing) / (111_195.0 * 0.8249)
    text = f"{rng.choice(SAME_PREFIX)}{original['description']}{rng.choice(SAME_SUFFIX)}"
    captured = now - timedelta(minutes=rng.uniform(1, 600))
    return {**original, "description": text, "lat": round(lat, 6), "lon": round(lon, 6),
            "accuracy_m": round(rng.uniform(4.0, 15.0), 1), "captured_at": _iso(captured)}


def build_plans(areas_by_user: dict[str, list[dict]], clients: int, batches: int,
                seed: int) -> list[ClientPlan]:
    """Every client's batches, built before the clock starts."""
    rng = random.Random(seed)
    now = datetime.now(UTC)
    plans = [ClientPlan(CADRES[i % len(CADRES)], f"bench-device-{i}-{uuid.uuid4().hex[:8]}")
             for i in range(clients)]
    made: list[Planned] = []  # every new report so far, for same-problem re-reports
    for b in range(batches):
        for plan in plans:
            batch: list[Planned] = []
            if b % RESEND_EVERY == 1 and plan.batches:
                for old in rng.sample(plan.batches[-1], RESENDS):
                    if not old.resend:
                        batch.append(Planned(old.mutation, resend=True))
            while len(batch) < BATCH:
                if made and rng.random() < SAME_PROBLEM_SHARE:
                    original = rng.choice(made[-2000:])
                    payload = _same_problem(rng, original.mutation["payload"], now)
                    same_as = original.same_as or original.mutation["id"]
                else:
                    payload = _new_report(rng, areas_by_user[plan.username], now)
                    same_as = None
                at = now - timedelta(seconds=rng.uniform(0, 120))
                planned = Planned({"id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                                   "type": "report.create", "at": _iso(at),
                                   "payload": payload}, same_as=same_as)
                made.append(planned)
                batch.append(planned)
            plan.batches.append(batch)
            plan.bodies.append(json.dumps(
                {"device_id": plan.device_id, "mutations": [p.mutation for p in batch]},
                ensure_ascii=False).encode())
    return plans


# --------------------------------------------------------------------------- one run


@dataclass
class RunResult:
    """Figures of one run (one database, one server setting)."""

    backend: str
    setting: str
    clients: int
    sent: int = 0
    elapsed_s: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    counts: dict = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    items_before: int = 0
    items_after: int = 0
    joined: int = 0
    same_problem: int = 0
    same_problem_joined: int = 0
    cpu: dict = field(default_factory=dict)
    setup_s: float = 0.0
    stopped_early: bool = False
    done_at: list[float] = field(default_factory=list)  # seconds into the run, per batch
    waits: Counter = field(default_factory=Counter)  # PostgreSQL backend states sampled

    def rate_between(self, lo: float, hi: float) -> float:
        """Mutations/s from batches answered between the fractions lo and hi of the run."""
        a, b = lo * self.elapsed_s, hi * self.elapsed_s
        done = sum(1 for t in self.done_at if a <= t < b or (hi == 1.0 and t == b))
        return done * BATCH / (b - a) if b > a else 0.0

    @property
    def rate(self) -> float:
        return self.sent / self.elapsed_s if self.elapsed_s else 0.0

    @property
    def applied_rate(self) -> float:
        return self.counts.get("applied", 0) / self.elapsed_s if self.elapsed_s else 0.0


def _pct(values: list[float], q: float) -> float:
    """The q-quantile (0..1) by nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


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
            tmp: Path, seed: int) -> RunResult:
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


# --------------------------------------------------------------------------- output


def print_run(r: RunResult) -> None:
    """The figures of one run."""
    lat = r.latencies_ms
    created = r.items_after - r.items_before
    print(f"\n== {r.backend}, {r.setting} (workers x threads), {r.clients} client threads, "
          f"batches of {BATCH}")
    print(f"  setup (init + demo + server start): {r.setup_s:.1f} s")
    print(f"  pushed {r.sent} mutations in {len(lat)} batches in {r.elapsed_s:.2f} s"
          + ("  (stopped at --max-seconds)" if r.stopped_early else ""))
    print(f"  throughput: {r.rate:8.1f} mutations/s   (goal >= {GOAL_PER_S:.0f}/s: "
          f"{'MET' if r.rate >= GOAL_PER_S else 'NOT MET'}, {r.rate / GOAL_PER_S:.0%} of goal)")
    print(f"              {r.applied_rate:8.1f} new reports applied/s")
    if lat:
        print(f"  batch latency: p50 {_pct(lat, 0.5):.0f} ms, p95 {_pct(lat, 0.95):.0f} ms, "
              f"max {max(lat):.0f} ms")
    c = r.counts
    print(f"  results: applied {c.get('applied', 0)}, duplicate {c.get('duplicate', 0)} "
          f"(deliberate re-sends), rejected {c.get('rejected', 0)}, other {c.get('other', 0)}")
    print(f"  items: {r.items_before} -> {r.items_after} (GET /api/v1/items total): "
          f"{created} new items, {r.joined} reports joined an open item; "
          f"same-problem re-reports joined their original: "
          f"{r.same_problem_joined}/{r.same_problem}")
    if len(r.done_at) >= 6:
        print(f"  rate over the run: first third {r.rate_between(0, 1 / 3):.1f}/s, "
              f"middle {r.rate_between(1 / 3, 2 / 3):.1f}/s, "
              f"last third {r.rate_between(2 / 3, 1.0):.1f}/s (the ledger grows as it runs)")
    cpu = r.cpu
    if cpu and r.sent:
        per = 1000.0 / r.sent
        busy = cpu["machine_busy_s"] / r.elapsed_s / cpu["cores"]
        pg = (f", PostgreSQL backends {cpu['pg_s']:.1f} s ({cpu['pg_s'] * per:.2f} ms)"
              if r.backend == "postgresql" else " (SQLite runs inside the workers)")
        print(f"  CPU, {cpu['cores']} cores {busy:.0%} busy: server workers "
              f"{cpu['server_s']:.1f} s ({cpu['server_s'] * per:.2f} ms/mutation){pg}, "
              f"bench client {cpu['client_s']:.1f} s, other processes {cpu['other_s']:.1f} s "
              f"(load average {cpu['load']:.1f})")
        own = (cpu["server_s"] + cpu["pg_s"] + cpu["client_s"]) / r.sent
        if own > 0:
            print(f"  CPU-bound ceiling if the {cpu['cores']} cores were ours alone: "
                  f"~{cpu['cores'] / own:.0f} mutations/s ({own * 1000:.1f} ms CPU per mutation"
                  f"{'; SQLite serialises writers, so less' if r.backend == 'sqlite' else ''})")
    if r.waits:
        total = sum(r.waits.values())
        top = ", ".join(f"{k} {v / total:.0%}" for k, v in r.waits.most_common(6))
        print(f"  PostgreSQL backends of the server, sampled every 0.5 s: {top}")
    print(f"  check: {'OK' if not r.problems else f'{len(r.problems)} PROBLEMS'}")
    for problem in r.problems[:10]:
        print(f"    - {problem}")


def print_summary(results: list[RunResult]) -> None:
    """Every run against the goal, and the best setting per database."""
    print(f"\n== summary: report.create ingest over HTTP, batches of {BATCH}, "
          f"goal >= {GOAL_PER_S:.0f} mutations/s")
    print(f"  {'database':<11}{'setting':>8}{'clients':>8}{'mut/s':>9}{'p50 ms':>8}"
          f"{'p95 ms':>8}  goal")
    for r in results:
        lat = r.latencies_ms or [0.0]
        print(f"  {r.backend:<11}{r.setting:>8}{r.clients:>8}{r.rate:>9.1f}"
              f"{_pct(lat, 0.5):>8.0f}{_pct(lat, 0.95):>8.0f}  "
              f"{'met' if r.rate >= GOAL_PER_S else 'not met'}")
    for backend in dict.fromkeys(r.backend for r in results):
        best = max((r for r in results if r.backend == backend), key=lambda r: r.rate)
        print(f"  best on {backend}: {best.setting} with {best.rate:.1f} mutations/s "
              f"({best.rate / GOAL_PER_S:.0%} of the goal)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--quick", action="store_true", help="a small run of a few seconds")
    parser.add_argument("--settings", help="server settings WORKERSxTHREADS, comma-separated "
                        "(default 2x4,4x2,1x8; quick: 2x4)")
    parser.add_argument("--clients", type=int, help="concurrent client threads (default 8)")
    parser.add_argument("--batches", type=int, help="batches per client (default 40)")
    parser.add_argument("--max-seconds", type=float, default=45.0,
                        help="stop sending new batches after this long (default 45)")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    settings = (args.settings or ("2x4" if args.quick else "2x4,4x2,1x8")).split(",")
    for s in settings:
        if not (len(s.split("x")) == 2 and all(p.isdigit() for p in s.split("x"))):
            parser.error(f"bad setting {s!r}: use WORKERSxTHREADS, e.g. 2x4")
    clients = args.clients or (2 if args.quick else 8)
    batches = args.batches or (3 if args.quick else 40)
    backends = ["sqlite", "postgresql"] if args.db == "both" else [args.db]

    print(f"ingest benchmark: {', '.join(backends)}; settings {', '.join(settings)}; "
          f"{clients} clients x {batches} batches x {BATCH} mutations; "
          f"{os.cpu_count()} CPUs; goal >= {GOAL_PER_S:.0f} mutations/s")
    results = []
    started = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix="zl_bench_ingest_"))
    try:
        for backend in backends:
            for setting in settings:
                r = run_one(backend, setting, clients, batches, args.max_seconds, tmp,
                            args.seed)
                print_run(r)
                results.append(r)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print_summary(results)
    print(f"\ntotal run time {time.perf_counter() - started:.0f} s")
    return 1 if any(r.problems for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
