"""Crash test: SIGKILL the production server mid-push, restart it, lose and double nothing.

A phone-like client uploads photos (whole, or in 256 KiB pieces resumed at the server's
`Upload-Offset` after `HEAD`) and pushes 500 `report.create` mutations in batches of
25; on a network error, a 5xx, 408 or 429 it sends the same batch again with the same
mutation ids, and it uploads whatever `needs_photos` names, until every mutation has a
final answer. Meanwhile a killer thread SIGKILLs gunicorn's whole process group
(master and workers) several times, each time while a push or an upload piece is in
flight, and starts the server again on the same port and data.

Afterwards, through the API and the database: exactly 500 reports, each mutation's
report exactly once with its photos, 500 mutation rows all `applied`, a resent batch
answered `duplicate` with the first results, `zhangliang audit verify` passes, and every
uploaded photo's stored original hashes to its name. No request was answered with a 5xx.
Runs on SQLite and on PostgreSQL. ZL_CRASH_SEED=n replays a run's photos and random
choices (the moments of the kills still depend on timing).
"""

from __future__ import annotations

import hashlib
import http.client
import io
import json
import os
import random
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import text

from server.extensions import db
from tests.factories import PASSWORD
from tests.reliability.conftest import fresh_database, seed_org
from tests.reliability.server_proc import HOST, KeepAlive, ZlServer

N_MUTATIONS = 500
BATCH = 25
KILLS = 5
CHUNK = 256 * 1024           # the app's piece size (pwa/js/sync/client.js)
DEADLINE_S = 300             # the whole push must finish within this
CATEGORIES = ("infrastructure", "health", "other")
TOPICS = ("路灯不亮", "窨井盖缺失", "垃圾清运不及时", "道路坑洼积水", "护栏损坏", "排水沟堵塞",
          "违章搭建占道", "公厕无人保洁", "健身器材损坏", "河道漂浮物")
BASE_LAT, BASE_LON = 34.60, 113.40   # far from the factories' areas and from each other


class RetryNeeded(Exception):
    """A network error or a retryable status: send again."""


def _now() -> str:
    return datetime.now(UTC).isoformat()


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def make_photos(rng: random.Random, photos_dir: Path, count: int) -> list[bytes]:
    """The shared real photos (JPEG, HEIC, broken EXIF) and distinct generated JPEGs."""
    real = [p.read_bytes() for p in sorted(photos_dir.iterdir())
            if p.suffix.lower() in (".jpg", ".heic")]
    out = list(real)
    i = 0
    while len(out) < count:
        # every fourth one is large enough to go in pieces
        size = (1100, 800) if i % 4 == 0 else (240, 180)
        img = Image.frombytes("RGB", size, rng.randbytes(size[0] * size[1] * 3))
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=80)
        out.append(buf.getvalue())
        i += 1
    return out


def make_mutations(area_id: int, photo_shas: list[str]) -> list[dict]:
    """500 report.create mutations, each at its own spot >= 300 m from every other."""
    muts = []
    for i in range(N_MUTATIONS):
        mid = str(uuid.uuid4())
        row, col = divmod(i, 23)
        j, first = divmod(i * len(photo_shas), N_MUTATIONS)
        photos = [photo_shas[j]] if first < len(photo_shas) else []   # spread over the run
        if i % 10 == 3:                                               # and a reused one
            photos.append(photo_shas[(i * 7) % (j + 1)])
        muts.append({"id": mid, "type": "report.create", "at": _now(), "payload": {
            "area_id": area_id, "category": CATEGORIES[i % 3],
            "description": f"{TOPICS[i % len(TOPICS)]}，第{i}处 [{mid}]",
            "severity": "urgent" if i % 7 == 0 else "normal",
            "lat": BASE_LAT + row * 0.003, "lon": BASE_LON + col * 0.004,
            "accuracy_m": 5.0 + i % 20, "captured_at": _now(),
            "photos": list(dict.fromkeys(photos))}})
    return muts


class Phone:
    """A client that behaves like the field app's sync client, over one keep-alive link."""

    def __init__(self, port: int, token: str, deadline: float):
        self.port, self.token, self.deadline = port, token, deadline
        self.conn: http.client.HTTPConnection | None = None
        self.flying = {"push": threading.Event(), "piece": threading.Event()}
        self.errors = {"push": 0, "piece": 0, "whole": 0, "head": 0}
        self.server_errors: list[str] = []
        self.resumed = 0          # uploads continued at an offset > 0 after a failure
        self.duplicates = 0       # mutations answered `duplicate` on a resend
        self.done = 0             # mutations with a final answer
        self.push_s = 0.3         # how long the last complete push took
        self.uploaded: set[str] = set()
        self.final: dict[str, dict] = {}

    # -- transport ---------------------------------------------------------------------

    def _send(self, kind: str, method: str, path: str, body: bytes | None = None,
              headers: dict | None = None):
        """One attempt; RetryNeeded on a network error or a 5xx/408/429."""
        if time.monotonic() > self.deadline:
            raise AssertionError("the push did not finish in time")
        hdrs = {"Authorization": f"Bearer {self.token}", **(headers or {})}
        if body is not None:
            hdrs["Content-Length"] = str(len(body))
        flag = self.flying.get(kind)
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=60)
            if flag:
                flag.set()
            self.conn.request(method, path, body=body, headers=hdrs)
            resp = self.conn.getresponse()
            data = resp.read()
        except (OSError, http.client.HTTPException) as exc:
            if self.conn is not None:
                self.conn.close()
            self.conn = None
            self.errors[kind] += 1
            time.sleep(0.05)
            raise RetryNeeded(f"{kind}: {type(exc).__name__}") from exc
        finally:
            if flag:
                flag.clear()
        if resp.status >= 500:
            self.server_errors.append(f"{method} {path} -> {resp.status} {data[:200]!r}")
        if resp.status >= 500 or resp.status in (408, 429):
            time.sleep(0.1)
            raise RetryNeeded(f"{kind}: HTTP {resp.status}")
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, data

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    # -- photos ------------------------------------------------------------------------

    def upload(self, sha: str, data: bytes) -> None:
        """Upload until the server holds the photo; resume at its offset after a failure."""
        if sha in self.uploaded:
            return
        url = f"/api/v1/photos/{sha}"
        failed = False
        while True:
            try:
                self._upload_once(url, data, resume=failed)
                self.uploaded.add(sha)
                return
            except RetryNeeded:
                failed = True

    def _upload_once(self, url: str, data: bytes, resume: bool) -> None:
        total, offset = len(data), 0
        if resume:
            status, headers, _ = self._send("head", "HEAD", url)
            if status == 200:
                return
            assert status == 404, f"HEAD {url} -> {status}"
            offset = min(int(headers.get("upload-offset", "0")), total)
            if offset:
                self.resumed += 1
        if offset == 0 and total <= CHUNK:
            status, _, body = self._send("whole", "PUT", url, data,
                                         {"Content-Type": "application/octet-stream"})
            assert status in (200, 201), f"PUT {url} -> {status} {body[:300]!r}"
            return
        for _ in range(4 * (total // CHUNK + 1) + 4):
            end = min(offset + CHUNK, total) - 1
            middle = 0 < offset and end < total - 1      # the killer aims at these
            status, headers, body = self._send(
                "piece" if middle else "whole", "PUT", url, data[offset:end + 1],
                {"Content-Type": "application/octet-stream",
                 "Content-Range": f"bytes {offset}-{end}/{total}"})
            if status in (200, 201):
                return
            assert status in (202, 409), f"PUT piece {url} -> {status} {body[:300]!r}"
            offset = int(headers["upload-offset"])
        raise AssertionError(f"upload of {url} stalled")

    # -- push --------------------------------------------------------------------------

    def push(self, batch: list[dict], photos: dict[str, bytes]) -> None:
        """Push until every mutation of the batch has a final answer."""
        pending = list(batch)
        while pending:
            t0 = time.monotonic()
            try:
                status, _, body = self._send("push", "POST", "/api/v1/sync/push", json.dumps(
                    {"device_id": "crash-phone", "mutations": pending}).encode(),
                    {"Content-Type": "application/json"})
            except RetryNeeded:
                continue
            assert status == 200, f"push -> {status} {body[:500]!r}"
            if len(pending) == len(batch):
                self.push_s = time.monotonic() - t0
            results = json.loads(body)["results"]
            assert [r["id"] for r in results] == [m["id"] for m in pending]
            still = []
            for mut, res in zip(pending, results, strict=True):
                if res["status"] in ("applied", "duplicate"):
                    if res["status"] == "duplicate":
                        self.duplicates += 1
                        assert res["first_status"] == "applied", res
                    self.final[mut["id"]] = res
                    self.done += 1
                elif res["status"] == "needs_photos":
                    for sha in res["missing"]:
                        self.upload(sha, photos[sha])
                    still.append(mut)
                else:
                    raise AssertionError(f"mutation refused: {res}")
            pending = still


class Killer(threading.Thread):
    """SIGKILL the server while a push or an upload piece is in flight, then restart it."""

    def __init__(self, server: ZlServer, phone: Phone, rng: random.Random):
        super().__init__(daemon=True)
        self.server, self.phone, self.rng = server, phone, rng
        self.stop = threading.Event()
        self.kills: list[str] = []
        self.failure: BaseException | None = None

    def run(self):
        try:
            for k in range(KILLS):
                # spread the kills over the run: arm the k-th after k/(KILLS+1) of the work
                while self.phone.done < N_MUTATIONS * (k + 1) // (KILLS + 1) - BATCH // 2:
                    if self.stop.wait(0.02):
                        return
                kind = "piece" if k % 2 else "push"
                while True:
                    while not self.phone.flying[kind].wait(0.05):
                        if self.stop.is_set():
                            return
                    # a push of 25 takes a while: land inside it, after some commits
                    time.sleep(self.rng.uniform(0.1, 0.8) * self.phone.push_s
                               if kind == "push" else self.rng.uniform(0.0, 0.005))
                    # a piece is quick: if it ended during the pause, wait for the next
                    if kind == "push" or self.phone.flying[kind].is_set():
                        break
                self.kills.append(f"{kind} in flight: {self.phone.flying[kind].is_set()}")
                self.server.kill()
                time.sleep(self.rng.uniform(0.0, 0.5))   # the phone meets a closed port
                t_restart = time.monotonic()
                self.server.start()
                self.kills[-1] += f" restart {time.monotonic() - t_restart:.1f}s"
        except BaseException as exc:  # reported by the test
            self.failure = exc


@pytest.fixture
def crash_server(backend, tmp_path):
    url, drop = fresh_database(backend)
    server = ZlServer(tmp_path, url, workers=2, threads=4)
    try:
        server.init()
        server.org = seed_org(server)
        area = server.org.areas["郭老庄"]
        server.cli("user", "create", "fieldphone", "--password", PASSWORD, "--role", "cadre",
                   "--area", str(area), "--name", "外业手机")
        server.start()
        yield server
    finally:
        server.close()
        drop()


def test_sigkill_mid_push_loses_and_doubles_nothing(crash_server, photos_dir):
    server = crash_server
    seed = int(os.environ.get("ZL_CRASH_SEED", random.randrange(1 << 30)))
    rng = random.Random(seed)
    blobs = make_photos(rng, photos_dir, 150)
    photos = {_sha(b): b for b in blobs}
    shas = list(photos)
    mutations = make_mutations(server.org.areas["郭老庄"], shas)
    token = server.login("fieldphone", PASSWORD)
    phone = Phone(server.port, token, time.monotonic() + DEADLINE_S)
    killer = Killer(server, phone, rng)
    started = time.monotonic()
    killer.start()
    try:
        for i in range(0, N_MUTATIONS, BATCH):
            batch = mutations[i:i + BATCH]
            for mut in batch:                       # photos first, as the app does
                for sha in mut["payload"]["photos"]:
                    phone.upload(sha, photos[sha])
            phone.push(batch, photos)
    finally:
        phone.close()
        killer.stop.set()
        killer.join(timeout=120)
    elapsed = time.monotonic() - started
    context = (f"seed={seed} kills={killer.kills} errors={phone.errors} "
               f"resumed={phone.resumed} duplicates={phone.duplicates} {elapsed:.1f}s")
    print(context)
    assert killer.failure is None, f"{context}: {killer.failure!r}\n{server.log_tail()}"
    assert len(killer.kills) == KILLS, context
    # kills landed inside pushes and inside uploads, and a piecewise upload resumed
    assert phone.errors["push"] >= 1, context
    assert phone.errors["piece"] + phone.errors["whole"] >= 1 and phone.resumed >= 1, context
    assert not phone.server_errors, f"{context}: {phone.server_errors}"
    if server.proc is None:
        server.start()

    # every mutation has exactly one final answer, all applied
    assert set(phone.final) == {m["id"] for m in mutations}
    report_of = {mid: res["report_id"] for mid, res in phone.final.items()}
    assert len(set(report_of.values())) == N_MUTATIONS, "two mutations share a report"

    # a resend after the crashes changes nothing and gives the first answers back
    again = server.call("POST", "/api/v1/sync/push", {"device_id": "crash-phone",
                                                      "mutations": mutations[:BATCH]},
                        token=token).json()["results"]
    assert [r["status"] for r in again] == ["duplicate"] * BATCH
    assert [r["report_id"] for r in again] == [report_of[m["id"]] for m in mutations[:BATCH]]

    _check_through_the_api(server, mutations, phone, report_of, photos)
    _check_the_database(server, mutations, report_of, photos)
    audit = server.cli("audit", "verify", check=False)
    assert audit.returncode == 0, audit.stdout + audit.stderr


def _check_through_the_api(server, mutations, phone, report_of, photos):
    """Each mutation's report is on its item exactly once, with its photos; photos intact."""
    office = server.login("office", PASSWORD)
    seen: dict[str, list] = {}
    with KeepAlive(server.port, office) as link:
        for item_id in sorted({res["item_id"] for res in phone.final.values()}):
            resp = link.request("GET", f"/api/v1/items/{item_id}")
            assert resp.status == 200, resp
            for rep in resp.json()["reports"]:
                mid = rep["description"].rsplit("[", 1)[-1].rstrip("]")
                seen.setdefault(mid, []).append(rep)
    for mut in mutations:
        reps = seen.get(mut["id"], [])
        assert len(reps) == 1, f"mutation {mut['id']} has {len(reps)} reports"
        assert reps[0]["id"] == report_of[mut["id"]]
        assert sorted(reps[0]["photos"]) == sorted(mut["payload"]["photos"])
    assert len(seen) == N_MUTATIONS
    with KeepAlive(server.port, office) as link:
        for sha in photos:
            resp = link.request("GET", f"/api/v1/photos/{sha}/original")
            assert resp.status == 200, (sha, resp)
            assert _sha(resp.body) == sha, f"stored original of {sha} differs"


def _check_the_database(server, mutations, report_of, photos):
    """Rows: 500 reports (one per client id), 500 applied mutations, 150 photos."""
    ids = [m["id"] for m in mutations]
    with server.in_process_app().app_context():
        rows = db.session.execute(text("SELECT client_id, id FROM reports")).all()
        muts = db.session.execute(text("SELECT id, status FROM mutations")).all()
        stored = {r[0] for r in db.session.execute(text("SELECT sha256 FROM photos"))}
        db.session.remove()
    assert len(rows) == N_MUTATIONS
    assert {cid: rid for cid, rid in rows} == report_of
    assert sorted(m[0] for m in muts) == sorted(ids)
    assert {m[1] for m in muts} == {"applied"}
    assert stored == set(photos)
    partials = server.data_dir / "photos" / "partials"
    leftovers = [p.name for p in partials.rglob("*.part")] if partials.exists() else []
    assert not leftovers, f"unfinished uploads left behind: {leftovers}"
