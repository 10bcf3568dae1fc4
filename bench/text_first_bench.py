"""Text first on a weak link (issue #18, Speed): the scenario `pwa_bench.py --text-first`
runs, kept apart so that file stays one screen of figures.

A cadre's phone (Debian's chromium, 390x844) makes 20 reports with 3 photos each (12 MP
camera JPEGs, each distinct) offline; then the network returns as Slow 4G (150 ms round
trip, 750 kbit/s up, 1.6 Mbit/s down, DevTools emulation on the page). Measured from
that moment: when the server holds all 20 texts (goal <= 5 s), when every photo is
stored and attached (goal <= 1.10 x photo bytes / uplink, the physical limit), and the
office's ledger list (GET /api/v1/items, 4 requests a second from another client)
throughout (goal p95 <= 300 ms).
"""

from __future__ import annotations

import io
import random
import statistics
import tempfile
import threading
import time
from pathlib import Path

from PIL import Image, ImageDraw
from playwright.sync_api import sync_playwright
from sqlalchemy import func, select

from server import create_app
from server.extensions import db
from server.models import Attachment, Report
from tests.browser.conftest import ARGS, CHROMIUM
from tests.browser.helpers import fill_report, login, save_report
from tests.browser.images import twelve_mp_jpeg
from tests.browser.liveserver import LiveServer
from tests.browser.loop import call
from tests.browser.loop import login as token
from tests.data import PHOTOS_DIR

UP_BPS = 750_000 / 8          # bytes a second up
DOWN_BPS = 1_600_000 / 8
RTT_MS = 150
WEAK = {"offline": False, "latency": RTT_MS, "downloadThroughput": DOWN_BPS,
        "uploadThroughput": UP_BPS}
OFFLINE = {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}


def camera_photos(n: int, folder: Path) -> list[Path]:
    """`n` distinct 12 MP camera JPEGs (EXIF with GPS), written to `folder`."""
    with Image.open(io.BytesIO(twelve_mp_jpeg(PHOTOS_DIR))) as base:
        exif = base.info["exif"]
        scene = base.convert("RGB")
    rng = random.Random(18)
    out = []
    for i in range(n):
        shot = scene.copy()
        draw = ImageDraw.Draw(shot)
        for _ in range(6):  # a different mark on each: no two photos share a hash
            x, y = rng.randrange(3600), rng.randrange(2600)
            draw.rectangle([x, y, x + 400, y + 400], fill=tuple(rng.randrange(256) for _ in "rgb"))
        path = folder / f"IMG_{i:04d}.jpg"
        shot.save(path, "JPEG", quality=92, exif=exif)
        out.append(path)
    return out


class OfficeList(threading.Thread):
    """The office's ledger list, asked 4 times a second; keeps each answer's time."""

    def __init__(self, server):
        super().__init__(daemon=True)
        self.server, self.office = server, token(server, "office")
        self.times: list[float] = []
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            t0 = time.perf_counter()
            call(self.server, "GET", "/api/v1/items?per_page=50", token=self.office)
            self.times.append((time.perf_counter() - t0) * 1000)
            self.stop.wait(0.25)


def _arrived(tag: str) -> tuple[int, int]:
    """(reports holding `tag`, photos attached to them) on the server now."""
    ids = select(Report.id).where(Report.description.like(f"%{tag}%"))
    reports = db.session.scalar(select(func.count()).select_from(ids.subquery()))
    photos = db.session.scalar(select(func.count()).select_from(Attachment)
                               .where(Attachment.report_id.in_(ids)))
    db.session.rollback()  # the next look sees new commits
    return reports, photos


def _area(server) -> dict:
    """The cadre's first assigned area with a centre."""
    me = call(server, "GET", "/api/v1/me", token=token(server, "cadre"))
    return next(a for a in me["areas"] if a["assigned"] and a["lat"] is not None)


def _capture(page, area, tag: str, photos: list[Path], count: int, per: int) -> int:
    """Make the reports offline; returns the bytes of their photos as stored for upload."""
    for i in range(count):
        fill_report(page, area_id=area["id"], category="infrastructure",
                    text=f"第{i + 1}处道路破损 {tag}", photos=photos[i * per:(i + 1) * per])
        save_report(page)
    return page.evaluate("""async () => (await (await import('/js/store/db.js')).listPhotos())
      .reduce((n, p) => n + p.size, 0)""")


def scenario(count: int = 20, per: int = 3, timeout_s: float = 1800) -> dict:
    """Run it once; the figures as a dict."""
    work = Path(tempfile.mkdtemp(prefix="text-first-bench-"))
    server = LiveServer(work).setup().start()
    app = create_app({"DATA_DIR": str(server.data_dir)})
    tag = f"tf{random.randrange(10**6):06d}"
    try:
        photos = camera_photos(count * per, work)
        area = _area(server)
        with sync_playwright() as pw, app.app_context():
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            ctx = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                      has_touch=True, locale="zh-CN", permissions=["geolocation"],
                                      geolocation={"latitude": area["lat"],
                                                   "longitude": area["lon"], "accuracy": 10})
            page = ctx.new_page()
            login(page, server)
            cdp = ctx.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.emulateNetworkConditions", OFFLINE)
            page.wait_for_function("() => !navigator.onLine")
            photo_bytes = _capture(page, area, tag, photos, count, per)
            office = OfficeList(server)
            office.start()
            page.wait_for_timeout(1000)  # the office list's pace before the phone returns
            quiet = list(office.times)
            t0 = time.perf_counter()
            cdp.send("Network.emulateNetworkConditions", WEAK)  # the `online` event: sync
            texts_s = photos_s = None
            while time.perf_counter() - t0 < timeout_s and photos_s is None:
                reports, attached = _arrived(tag)
                if texts_s is None and reports >= count:
                    texts_s = time.perf_counter() - t0
                if attached >= count * per:
                    photos_s = time.perf_counter() - t0
                page.wait_for_timeout(100)
            office.stop.set()
            office.join()
            browser.close()
    finally:
        server.stop()
    during = office.times[len(quiet):]
    return {"count": count, "per": per, "photo_bytes": photo_bytes, "texts_s": texts_s,
            "photos_s": photos_s, "limit_s": photo_bytes / UP_BPS,
            "p95_ms": statistics.quantiles(during, n=20)[-1] if len(during) >= 20 else None,
            "max_ms": max(during, default=None), "asked": len(during)}


def report(fig: dict) -> None:
    """Print the figures with their goals."""
    def verdict(ok: bool) -> str:
        return "ok" if ok else "OVER GOAL"

    n, per = fig["count"], fig["per"]
    print(f"5. text first on Slow 4G ({RTT_MS} ms RTT, {UP_BPS * 8 / 1000:.0f} kbit/s up): "
          f"{n} reports x {per} photos of 12 MP made offline, "
          f"{fig['photo_bytes'] / 1024 / 1024:.1f} MB of photos after the phone's resize")
    texts = fig["texts_s"]
    print(f"   all {n} texts on the server after {texts:.1f} s  goal <= 5 s  "
          f"{verdict(texts is not None and texts <= 5)}" if texts is not None
          else "   texts NOT all on the server before the timeout")
    goal = 1.10 * fig["limit_s"]
    done = fig["photos_s"]
    print(f"   every photo stored and attached after {done:.1f} s; physical limit "
          f"{fig['limit_s']:.1f} s (bytes / uplink)  goal <= {goal:.1f} s  {verdict(done <= goal)}"
          if done is not None else "   photos NOT all stored before the timeout")
    p95 = fig["p95_ms"]
    print(f"   office ledger list meanwhile: p95 {p95:.0f} ms, max {fig['max_ms']:.0f} ms over "
          f"{fig['asked']} requests  goal p95 <= 300 ms  {verdict(p95 <= 300)}"
          if p95 is not None else "   office ledger list: too few answers to tell")
