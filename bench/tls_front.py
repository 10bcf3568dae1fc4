"""nginx with TLS and HTTP/2 in front of a LiveServer, for `bench/pwa_bench.py --http2`.

Phones reach a real deployment over HTTPS, usually through a reverse proxy (README,
Deployment). Over HTTP/1.1 a browser opens at most six connections to a host, so the
first screen's dozen files take two round trips after the page; over HTTP/2 they share
one connection and arrive in one. This runs the proxy of the README (TLS, `http2`) on a
free port of 127.0.0.1 with a throwaway self-signed certificate, so the bench can time
that case too. Needs Debian's `nginx-light` (or `nginx`) and `openssl`.
"""

from __future__ import annotations

import shutil
import ssl
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.browser.liveserver import free_port

CONF = """daemon off; worker_processes 1; pid {work}/nginx.pid; error_log {work}/error.log;
events {{ worker_connections 256; }}
http {{
  access_log off;
  client_body_temp_path {work}/body; proxy_temp_path {work}/proxy;
  fastcgi_temp_path {work}/fastcgi; uwsgi_temp_path {work}/uwsgi; scgi_temp_path {work}/scgi;
  server {{
    listen 127.0.0.1:{port} ssl http2;
    ssl_certificate {work}/cert.pem;
    ssl_certificate_key {work}/key.pem;
    location / {{
      proxy_pass http://127.0.0.1:{upstream};
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
    }}
  }}
}}
"""


class TlsFront:
    """nginx (TLS + HTTP/2) on a free port, passing everything to `upstream_port`."""

    def __init__(self, workdir: Path, upstream_port: int):
        missing = [tool for tool in ("nginx", "openssl") if not shutil.which(tool)]
        if missing:
            raise SystemExit(f"--http2 needs {' and '.join(missing)} "
                             "(Debian: apt-get install nginx-light openssl)")
        self.work = Path(workdir) / "tls-front"
        self.work.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.upstream = upstream_port
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    def start(self, timeout: float = 20) -> TlsFront:
        """Make the certificate and the configuration, start nginx, wait until it answers."""
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                        "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                        "-keyout", str(self.work / "key.pem"), "-out", str(self.work / "cert.pem")],
                       check=True, capture_output=True)
        conf = self.work / "nginx.conf"
        conf.write_text(CONF.format(work=self.work, port=self.port, upstream=self.upstream))
        self.proc = subprocess.Popen(["nginx", "-c", str(conf), "-p", str(self.work)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        insecure = ssl._create_unverified_context()  # our own throwaway certificate
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/precache.json", timeout=2,
                                            context=insecure):
                    return self
            except (OSError, urllib.error.URLError):
                if self.proc.poll() is not None:
                    log = (self.work / "error.log").read_text(errors="replace")
                    raise RuntimeError(f"nginx exited: {log}") from None
                time.sleep(0.2)
        raise RuntimeError("nginx did not answer")

    def stop(self) -> None:
        """Stop nginx (the process this object started) and wait for it."""
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
