"""WSGI entry point for external servers: `gunicorn server.wsgi:app`."""

from server import create_app

app = create_app()
