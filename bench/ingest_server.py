"""The production server under bench/ingest.py: a fresh database, `zhangliang serve` as a
subprocess, an HTTP client, and meters of where the CPU went (the server's processes, its
PostgreSQL backends matched by socket) and of what those backends were waiting for.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import psycopg

REPO = Path(__file__).resolve().parents[1]
BIN = REPO / ".venv" / "bin"
PG_URL = os.environ.get("ZL_TEST_POSTGRES_URL", "postgresql://127.0.0.1:5432/test")
PASSWORD = "bench-丈量-2026"

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


def python_speed() -> float:
    """Seconds of CPU this machine takes for ten million Python additions (best of three):
    a yardstick, printed with the figures, so runs on machines of different speed can be
    compared (a recent laptop core takes about 0.5 s; the 2-core machines here 0.6-1.6 s)."""
    best = float("inf")
    for _ in range(3):
        start, total = time.process_time(), 0
        for i in range(10_000_000):
            total += i
        best = min(best, time.process_time() - start)
    return best


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
