"""The production server (`zhangliang serve`, gunicorn) in a subprocess, and SIGKILL for it.

`ZlServer` runs `zhangliang init` on a data folder of its own (SQLite there, or the
PostgreSQL URL it is given), starts gunicorn in a new session on a free 127.0.0.1 port,
waits until the app answers, kills the master and every worker at once with SIGKILL
(`os.killpg`), and starts again on the same port and data. `in_process_app()` opens the
same database and data folder in this process, for seeding and for checks that read
the database directly. Used by the reliability tests and by `bench/load.py`.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def pg_schema_url(base_url: str, schema: str) -> str:
    """A PostgreSQL URL whose connections use `schema`."""
    sep = "&" if "?" in base_url else "?"
    return f"{base_url}{sep}options=-csearch_path%3D{schema}"


def _group_alive(pgid: int) -> list[int]:
    """Pids of the process group that are still running (zombies count as gone)."""
    alive = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()  # after "pid (comm) "
        state, pgrp = fields[0], int(fields[2])
        if pgrp == pgid and state not in ("Z", "X"):
            alive.append(int(entry))
    return alive


class Response:
    """What came back: status, headers (lower-case names) and body."""

    def __init__(self, status: int, headers: dict, body: bytes):
        self.status, self.headers, self.body = status, headers, body

    def json(self):
        return json.loads(self.body) if self.body else None

    def __repr__(self) -> str:
        return f"<Response {self.status} {self.body[:300]!r}>"


def request(port: int, method: str, path: str, body: bytes | None = None,
            headers: dict | None = None, timeout: float = 30,
            source: str | None = None) -> Response:
    """One request on a fresh connection; the path goes on the wire exactly as given."""
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout,
                                      source_address=(source, 0) if source else None)
    try:
        conn.putrequest(method, path, skip_accept_encoding=True)
        hdrs = dict(headers or {})
        if body is not None:
            hdrs.setdefault("Content-Length", str(len(body)))
        for key, value in hdrs.items():
            conn.putheader(key, value)
        conn.endheaders(body)
        resp = conn.getresponse()
        data = resp.read()
        return Response(resp.status, {k.lower(): v for k, v in resp.getheaders()}, data)
    finally:
        conn.close()


class KeepAlive:
    """Sequential requests over one keep-alive connection (reopened when closed)."""

    def __init__(self, port: int, token: str | None = None, timeout: float = 30):
        self.port, self.token, self.timeout = port, token, timeout
        self.conn: http.client.HTTPConnection | None = None

    def __enter__(self) -> KeepAlive:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict | None = None) -> Response:
        hdrs = dict(headers or {})
        if self.token:
            hdrs.setdefault("Authorization", f"Bearer {self.token}")
        if self.conn is None:
            self.conn = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)
        try:
            self.conn.request(method, path, body=body, headers=hdrs)
            resp = self.conn.getresponse()
            data = resp.read()
        except BaseException:
            self.close()
            raise
        if resp.will_close:
            self.close()
        return Response(resp.status, {k.lower(): v for k, v in resp.getheaders()}, data)

    def json(self, method: str, path: str, payload=None) -> Response:
        body = None if payload is None else json.dumps(payload).encode()
        headers = {} if body is None else {"Content-Type": "application/json"}
        return self.request(method, path, body, headers)


class ZlServer:
    """`zhangliang serve` on 127.0.0.1 over a data folder (and database) of its own."""

    def __init__(self, workdir: Path, database_url: str | None = None, *, workers: int = 2,
                 threads: int = 4, env: dict | None = None):
        self.workdir = Path(workdir)
        self.data_dir = self.workdir / "data"
        self.database_url = database_url
        self.workers, self.threads = workers, threads
        self.port = free_port()
        self.extra_env = env or {}
        self.proc: subprocess.Popen | None = None
        self.log_path = self.workdir / "server.log"
        self.starts = 0
        self._app = None

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def env(self) -> dict:
        env = dict(os.environ)
        env.update(ZHANGLIANG_DATA_DIR=str(self.data_dir), ZHANGLIANG_PASSWORD_HASH_COST="low",
                   ZHANGLIANG_SECRET_KEY="reliability-tests", PYTHONUNBUFFERED="1")
        if self.database_url:
            env["ZHANGLIANG_DATABASE_URL"] = self.database_url
        env.update(self.extra_env)
        return env

    def cli(self, *args: str, timeout: float = 300, check: bool = True):
        """Run the `zhangliang` command on this server's data; returns the CompletedProcess."""
        done = subprocess.run([str(BIN / "zhangliang"), *args], env=self.env, cwd=ROOT,
                              capture_output=True, text=True, timeout=timeout)
        if check and done.returncode != 0:
            raise RuntimeError(f"zhangliang {' '.join(args)} failed ({done.returncode}):\n"
                               f"{done.stdout}\n{done.stderr}")
        return done

    def init(self) -> ZlServer:
        """Create the data folder and the database."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.cli("init")
        return self

    def in_process_app(self):
        """The Flask app on the same database and data folder, built once."""
        if self._app is None:
            from server import create_app

            self._app = create_app({"DATA_DIR": str(self.data_dir),
                                    "DATABASE_URL": self.database_url or "",
                                    "PASSWORD_HASH_COST": "low", "TESTING": True})
        return self._app

    def start(self, timeout: float = 90) -> ZlServer:
        """Run gunicorn in a new session and wait until the app answers."""
        with open(self.log_path, "ab") as log:  # the child keeps its own descriptor
            log.write(f"\n=== start {self.starts} at {time.time():.3f}\n".encode())
            self.proc = subprocess.Popen(
                [str(BIN / "zhangliang"), "serve", "--host", HOST, "--port", str(self.port),
                 "--workers", str(self.workers), "--threads", str(self.threads)],
                env=self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True)
        self.starts += 1
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited:\n{self.log_tail()}")
            try:
                if request(self.port, "GET", "/api/v1/me", timeout=5).status == 401:
                    return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"server did not start in {timeout}s:\n{self.log_tail()}")

    def kill(self) -> None:
        """SIGKILL the gunicorn master and all its workers at once, and wait until gone."""
        if self.proc is None:
            return
        pgid = self.proc.pid
        try:
            os.killpg(pgid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait(timeout=30)
        deadline = time.monotonic() + 30
        while _group_alive(pgid):
            if time.monotonic() > deadline:
                raise RuntimeError(f"processes of group {pgid} survived SIGKILL")
            time.sleep(0.02)
        self.proc = None

    def stop(self) -> None:
        """Stop gracefully (SIGTERM to the group), SIGKILL if that takes too long."""
        if self.proc is None:
            return
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                pass
        self.kill()

    def close(self) -> None:
        """Stop the server and release the in-process app's connections."""
        self.stop()
        if self._app is not None:
            from server.extensions import db

            with self._app.app_context():
                db.engine.dispose()
            self._app = None

    def log_tail(self, chars: int = 6000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return "(no log)"

    # -- HTTP helpers ------------------------------------------------------------------

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict | None = None, timeout: float = 30,
                source: str | None = None) -> Response:
        return request(self.port, method, path, body, headers, timeout, source)

    def call(self, method: str, path: str, payload=None, token: str | None = None,
             headers: dict | None = None, **kw) -> Response:
        """A JSON request, with a bearer token when given."""
        hdrs = dict(headers or {})
        body = None
        if payload is not None:
            body = json.dumps(payload).encode()
            hdrs["Content-Type"] = "application/json"
        if token:
            hdrs["Authorization"] = f"Bearer {token}"
        return self.request(method, path, body, hdrs, **kw)

    def login(self, username: str, password: str, **kw) -> str:
        resp = self.call("POST", "/api/v1/auth/login",
                         {"username": username, "password": password}, **kw)
        if resp.status != 200:
            raise AssertionError(f"login {username}: {resp}")
        return resp.json()["token"]
