"""Run the app under gunicorn, the production WSGI server."""

from gunicorn.app.base import BaseApplication


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
        """Create the Flask app in the worker."""
        from server import create_app

        return create_app()


def run(host: str, port: int, workers: int, threads: int, certfile=None, keyfile=None) -> None:
    """Serve until stopped."""
    _Gunicorn({"bind": f"{host}:{port}", "workers": workers, "threads": threads,
               "worker_class": "gthread", "timeout": 120, "certfile": certfile,
               "keyfile": keyfile, "accesslog": "-", "graceful_timeout": 10,
               "keepalive": 30, "control_socket_disable": True}).run()
