"""One slow upload must not stall everyone (issue 18, point 0).

A photo arriving at phone speed is read with no transaction open: on SQLite the write
lock is free and on PostgreSQL the upload's connection is not left idle in a transaction
while the body trickles in; the office's list, a push and another upload answer in the
meantime. Real HTTP: the app runs in a threaded WSGI server and the slow body is sent in
two halves with a pause between them.
"""

import http.client
import json
import socket
import sqlite3
import threading
import time
import uuid
from contextlib import contextmanager
from datetime import datetime

import psycopg
import pytest
from werkzeug.serving import make_server

from server import create_app
from server.extensions import db
from server.models import Item
from tests.conftest import PG_URL
from tests.factories import PASSWORD, jpeg_bytes, sha
from tests.sync.conftest import report_mutation

TIMEOUT = 20  # s: far below what a stalled request would take (the 30 s lock wait)


@contextmanager
def _serving(backend, database_url, tmp_path):
    """The app over the test database in a threaded HTTP server; its PostgreSQL
    connections carry an application name of their own, to be found in pg_stat_activity."""
    name = f"zl-slow-{uuid.uuid4().hex[:8]}"
    url = database_url + (f"&application_name={name}" if backend == "postgresql" else "")
    app = create_app({"DATA_DIR": str(tmp_path), "DATABASE_URL": url,
                      "PASSWORD_HASH_COST": "low"})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    # small send buffers (inherited by accepted sockets): a reader that stops reading
    # blocks the server's writes after a few kilobytes, as a slow link does
    server.socket.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 16384)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_port, name
    finally:
        server.shutdown()
        with app.app_context():
            db.engine.dispose()


def _call(port, method, path, token=None, body=None):
    """One whole request; (status, parsed JSON or None)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    data = body
    if isinstance(body, dict):
        data, headers["Content-Type"] = json.dumps(body).encode(), "application/json"
    conn.request(method, path, body=data, headers=headers)
    resp = conn.getresponse()
    raw = resp.read()
    conn.close()
    return resp.status, (json.loads(raw) if raw and resp.getheader("Content-Type", "")
                         .startswith("application/json") else None)


def _login(port, username):
    status, body = _call(port, "POST", "/api/v1/auth/login",
                         body={"username": username, "password": PASSWORD})
    assert status == 200, body
    return body["token"]


def _write_lock_free(database_url) -> bool:
    """SQLite: another connection can take the write lock at once."""
    conn = sqlite3.connect(database_url.removeprefix("sqlite:///"), timeout=0,
                           isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        conn.close()


def _idle_in_transaction(name) -> int:
    """PostgreSQL: the app's connections sitting in an open transaction."""
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        return conn.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = %s"
                            " AND state LIKE 'idle in transaction%%'", (name,)).fetchone()[0]


@pytest.mark.parametrize("pieces", [False, True], ids=["whole", "resumable"])
def test_slow_upload_does_not_stall_others(backend, database_url, app, org, tmp_path, pieces):
    with _serving(backend, database_url, tmp_path) as (port, name):
        cadre, office = _login(port, "cadre"), _login(port, "office")
        data = jpeg_bytes(51, (640, 480))
        waiting = report_mutation(org, photos=[sha(data)])
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
        conn.putrequest("PUT", f"/api/v1/photos/{sha(data)}")
        conn.putheader("Authorization", f"Bearer {cadre}")
        conn.putheader("Content-Type", "image/jpeg")
        conn.putheader("Content-Length", str(len(data)))
        if pieces:
            conn.putheader("Content-Range", f"bytes 0-{len(data) - 1}/{len(data)}")
        conn.endheaders()
        half = len(data) // 2
        conn.send(data[:half])
        time.sleep(1.0)  # the server has authenticated and now waits for the rest

        if backend == "sqlite":
            assert _write_lock_free(database_url)
        else:
            assert _idle_in_transaction(name) == 0
        status, listed = _call(port, "GET", "/api/v1/items", office)
        assert status == 200 and listed["total"] == 0
        status, pushed = _call(port, "POST", "/api/v1/sync/push", cadre,
                               {"device_id": "phone-2", "mutations": [waiting]})
        assert status == 200 and pushed["results"][0]["status"] == "applied"
        other = jpeg_bytes(52, (320, 240))
        assert _call(port, "PUT", f"/api/v1/photos/{sha(other)}", office, other)[0] == 201

        conn.send(data[half:])
        resp = conn.getresponse()
        resp.read()
        conn.close()
        assert resp.status == 201
        item_id = pushed["results"][0]["item_id"]
        status, item = _call(port, "GET", f"/api/v1/items/{item_id}", office)
        assert status == 200 and item["reports"][0]["photos"] == [sha(data)]


def test_slow_export_download_does_not_stall_others(backend, database_url, app, org, tmp_path):
    """A ledger export read slowly by the office: the rows are read in a read-only
    transaction, so on SQLite the write lock stays free and a push goes through."""
    with app.app_context():
        area = org.areas["郭老庄"]
        db.session.execute(Item.__table__.insert(), [
            {"status": "new", "category": "infrastructure", "area_id": area,
             "description": f"第{n}条：村口道路坑洼积水，影响群众出行" * 3, "severity": "normal",
             "leader_led": False, "report_count": 1, "return_count": 0,
             "after_photo_count": 0, "needs_review": False, "change_seq": 0,
             "created_at": datetime(2026, 11, 2, 2, 0)} for n in range(3000)])
        db.session.commit()
    with _serving(backend, database_url, tmp_path) as (port, _name):
        cadre, office = _login(port, "cadre"), _login(port, "office")
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
        conn.sock = socket.socket()
        conn.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16384)
        conn.sock.settimeout(TIMEOUT)
        conn.sock.connect(("127.0.0.1", port))
        conn.request("GET", "/api/v1/items/export?format=csv",
                     headers={"Authorization": f"Bearer {office}"})
        resp = conn.getresponse()
        assert resp.status == 200
        first = resp.read(4096)   # then stop reading: the server waits on its socket
        assert first.startswith(b"\xef\xbb\xbf")
        time.sleep(1.0)
        if backend == "sqlite":
            assert _write_lock_free(database_url)
        status, pushed = _call(port, "POST", "/api/v1/sync/push", cadre,
                               {"device_id": "phone-3", "mutations": [report_mutation(org)]})
        assert status == 200 and pushed["results"][0]["status"] == "applied"
        rest = resp.read()
        conn.close()
        assert (first + rest).count(b"\r\n") == 3001   # the header and every row
