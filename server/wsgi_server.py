"""Run the app under gunicorn, the production WSGI server.

Gunicorn answers what it refuses before the app sees it (a request line over 8,190 bytes,
headers too large or malformed) with an HTML page of its own. Our worker class answers
those in the project's one error shape instead, so a phone or a script always gets JSON.
"""

import json

from gunicorn import util
from gunicorn.app.base import BaseApplication
from gunicorn.workers.gthread import ThreadWorker

from server.errors import error_body

# gunicorn's status for a refused request -> our catalogue code
_GUNICORN_CODES = {400: "bad_request", 403: "forbidden", 414: "uri_too_long",
                   417: "bad_request", 431: "headers_too_large", 500: "internal_error",
                   501: "bad_request"}


def write_json_error(sock, status_int: int, reason: str, mesg: str) -> None:
    """gunicorn's util.write_error, writing the shared JSON error shape."""
    code = _GUNICORN_CODES.get(status_int, "bad_request" if status_int < 500
                               else "internal_error")
    body = json.dumps(error_body(code), ensure_ascii=False).encode()
    head = (f"HTTP/1.1 {status_int} {reason}\r\nConnection: close\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n")
    util.write_nonblock(sock, head.encode("latin-1") + body)


class JsonErrorWorker(ThreadWorker):
    """gunicorn's threaded worker, answering the requests it refuses in JSON."""

    def init_process(self):
        """Swap gunicorn's HTML error writer for ours in this worker process."""
        util.write_error = write_json_error
        super().init_process()


class _Gunicorn(BaseApplication):
    """A gunicorn application built in-process from our app factory."""

    def __init__(self, options: dict):
        self.options = options
        super().__init__()

    def load_config(self):
        """Apply the options to gunicorn's settings."""
        for key, value in self.options.items():
            if value is not None:
                self.cfg.set(key, value)

    def load(self):
        """Create the Flask app in the worker (the command already said what it warns of)."""
        from server import create_app

        return create_app(startup_checks=False)


def run(host: str, port: int, workers: int, threads: int, certfile=None, keyfile=None) -> None:
    """Serve until stopped."""
    _Gunicorn({"bind": f"{host}:{port}", "workers": workers, "threads": threads,
               "worker_class": "server.wsgi_server.JsonErrorWorker", "timeout": 120,
               "certfile": certfile, "keyfile": keyfile, "accesslog": "-",
               "graceful_timeout": 10, "keepalive": 30,
               "control_socket_disable": True}).run()
