"""Start the real production server (`zhangliang serve`, gunicorn) in a subprocess.

Browser tests and `bench/pwa_bench.py` use it: a fresh SQLite data folder, the demo
organisation (`zhangliang demo`), a copy of `pwa/` when a test needs to change the
app (a new version), a free port, and restart on the same port and data.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PASSWORD = "zhangliang-test"


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """`zhangliang serve` on 127.0.0.1 over a data folder of its own."""

    def __init__(self, workdir: Path, *, copy_pwa: bool = False, workers: int = 2):
        self.workdir = Path(workdir)
        self.data_dir = self.workdir / "data"
        self.pwa_dir = self.workdir / "pwa" if copy_pwa else ROOT / "pwa"
        if copy_pwa:
            shutil.copytree(ROOT / "pwa", self.pwa_dir)
        self.port = free_port()
        self.workers = workers
        self.proc: subprocess.Popen | None = None
        self.log_path = self.workdir / "server.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def env(self) -> dict:
        env = dict(os.environ)
        env.update(ZHANGLIANG_DATA_DIR=str(self.data_dir), ZHANGLIANG_PWA_DIR=str(self.pwa_dir),
                   ZHANGLIANG_PASSWORD_HASH_COST="low", PYTHONUNBUFFERED="1")
        return env

    def _cli(self, *args: str) -> str:
        done = subprocess.run([str(BIN / "zhangliang"), *args], env=self.env, cwd=ROOT,
                              capture_output=True, text=True, timeout=300)
        if done.returncode != 0:
            raise RuntimeError(f"zhangliang {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def setup(self) -> LiveServer:
        """Create the database and the demo organisation."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._cli("init")
        self._cli("demo", "--password", PASSWORD)
        return self

    def start(self, timeout: float = 60) -> LiveServer:
        """Run gunicorn and wait until it answers."""
        with open(self.log_path, "ab") as log:  # the child keeps its own descriptor
            self.proc = subprocess.Popen(
                [str(BIN / "zhangliang"), "serve", "--host", "127.0.0.1", "--port",
                 str(self.port), "--workers", str(self.workers), "--threads", "4"],
                env=self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited:\n{self.log_path.read_text(errors='replace')}")
            try:
                with urllib.request.urlopen(self.url + "/precache.json", timeout=2) as resp:
                    if resp.status == 200:
                        return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"server did not start:\n{self.log_path.read_text(errors='replace')}")

    def stop(self) -> None:
        """Stop gunicorn (its whole process group) and wait for it."""
        if self.proc is None or self.proc.poll() is not None:
            return
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)

    def restart(self) -> LiveServer:
        """Stop and start again on the same port and data (e.g. with a changed app)."""
        self.stop()
        return self.start()
