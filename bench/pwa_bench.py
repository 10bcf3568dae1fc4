"""Benchmark of the field app (pwa/) against the real server, in Debian's chromium.

Prints four figures with their goals:
  1. app-shell size, gzip, as the server sends it on first load (goal <= 60 KB);
  2. time to a usable capture screen (上报问题 with its chips) on the first load of the
     shell under Lighthouse's Slow 4G profile (562.5 ms latency, 1.47 Mbit/s down,
     675 kbit/s up) with 4x CPU throttling, through the DevTools protocol (goal <= 2 s);
  3. the same when starting offline from the service worker's cache (goal <= 0.5 s);
  4. bytes uploaded for a 12 MP photo, EXIF kept (goal <= 600 KB).
"First load" = nothing of the app cached (no worker, empty HTTP and Cache Storage);
the login made earlier is kept, so the capture screen is what opens. The fresh
profile's login screen is timed as well. Run from the repo root:

    python bench/pwa_bench.py [--runs N]

Not a test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import base64
import gzip
import json
import statistics
import sys
import tempfile
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from playwright.sync_api import sync_playwright  # noqa: E402

from server.photos.exif import read_exif  # noqa: E402
from tests.browser.conftest import ARGS, CHROMIUM  # noqa: E402
from tests.browser.images import twelve_mp_jpeg  # noqa: E402
from tests.browser.inpage import JS_HELPERS  # noqa: E402
from tests.browser.liveserver import PASSWORD, LiveServer  # noqa: E402

PHOTOS = REPO.parent / "shared" / "photos"
SLOW_4G = {"offline": False, "latency": 562.5, "downloadThroughput": 1474.56 * 1024 / 8,
           "uploadThroughput": 675 * 1024 / 8}
READY_MS = "() => performance.getEntriesByName('zl-ready')[0]?.startTime ?? null"


def shell_size(server) -> tuple[int, int, int]:
    """(gzip bytes, raw bytes, files) of the precache list plus the worker, as served."""
    with urllib.request.urlopen(server.url + "/precache.json") as resp:
        urls = [f["url"] for f in json.load(resp)["files"]] + ["/sw.js"]
    gz = raw = 0
    for url in urls:
        req = urllib.request.Request(server.url + url, headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(req) as resp:
            body = resp.read()
            gz += len(body)
            raw += len(gzip.decompress(body) if resp.headers.get("Content-Encoding") else body)
    return gz, raw, len(urls)


def timed_load(page, cdp, url: str, network: dict | None, cpu: float) -> float:
    """Navigate with throttling on; ms from navigation start to the app's zl-ready mark."""
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", network or
             {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": cpu})
    page.goto(url, wait_until="commit", timeout=60000)
    page.wait_for_selector("html[data-ready]", timeout=60000)
    ms = page.evaluate(READY_MS)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})
    cdp.send("Network.emulateNetworkConditions",
             {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    return ms


def forget_app(page, cdp, server) -> None:
    """Drop the worker, Cache Storage and HTTP cache; keep IndexedDB (the login)."""
    page.evaluate("""async () => {
      for (const r of await navigator.serviceWorker.getRegistrations()) await r.unregister();
      for (const k of await caches.keys()) await caches.delete(k);
    }""")
    cdp.send("Network.clearBrowserCache")
    page.goto("about:blank")


def run(runs: int) -> None:
    work = Path(tempfile.mkdtemp(prefix="pwa-bench-"))
    server = LiveServer(work).setup().start()
    try:
        gz, raw, files = shell_size(server)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            area_pos = {"latitude": 34.399, "longitude": 113.742, "accuracy": 10}
            ctx = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True,
                                      has_touch=True, locale="zh-CN", geolocation=area_pos,
                                      permissions=["geolocation"])
            page = ctx.new_page()
            cdp = ctx.new_cdp_session(page)
            login_ms = timed_load(page, cdp, server.url + "/", SLOW_4G, 4)
            page.fill("#login-username", "cadre")
            page.fill("#login-password", PASSWORD)
            page.click("form.login button[type=submit]")
            page.wait_for_selector(".today .area", timeout=30000)
            page.wait_for_function("() => navigator.serviceWorker.controller !== null")
            first, offline, offline_fast = [], [], []
            for _ in range(runs):
                forget_app(page, cdp, server)
                first.append(timed_load(page, cdp, server.url + "/#report", SLOW_4G, 4))
                page.wait_for_function("() => navigator.serviceWorker.controller !== null",
                                       timeout=60000)
                ctx.set_offline(True)
                page.goto("about:blank")
                offline.append(timed_load(page, cdp, server.url + "/#report", None, 4))
                page.goto("about:blank")
                offline_fast.append(timed_load(page, cdp, server.url + "/#report", None, 1))
                ctx.set_offline(False)
            page.goto(server.url + "/precache.json")
            page.evaluate(JS_HELPERS)
            photo = twelve_mp_jpeg(PHOTOS)
            out = page.evaluate("""async (b) => {
              const m = await import('/js/capture/photo.js');
              const t0 = performance.now();
              const file = new File([b64in(b)], 'IMG_12MP.jpg', {type: 'image/jpeg'});
              const p = await m.preparePhoto(file);
              return {size: p.size, w: p.width, h: p.height, ms: performance.now() - t0,
                      data: b64out(new Uint8Array(p.data))};
            }""", base64.b64encode(photo).decode())
            exif = read_exif(base64.b64decode(out["data"]), "image/jpeg")
            browser.close()
    finally:
        server.stop()

    def verdict(ok: bool) -> str:
        return "ok" if ok else "OVER GOAL"

    med = statistics.median
    print(f"1. app shell, gzip on first load: {gz / 1024:.1f} KB ({files} files, "
          f"{raw / 1024:.1f} KB uncompressed)  goal <= 60 KB  {verdict(gz <= 60 * 1024)}")
    print(f"2. first load to usable capture screen, Slow 4G + 4x CPU: median {med(first):.0f} ms "
          f"(runs {', '.join(f'{x:.0f}' for x in first)})  goal <= 2000 ms  "
          f"{verdict(med(first) <= 2000)}")
    print(f"   fresh profile to login screen, Slow 4G + 4x CPU: {login_ms:.0f} ms")
    print(f"3. offline start from cache to capture screen, 4x CPU: median {med(offline):.0f} ms; "
          f"no CPU throttling: {med(offline_fast):.0f} ms  goal <= 500 ms  "
          f"{verdict(med(offline) <= 500)}")
    print(f"4. 12 MP photo (4000x3000, {len(photo) / 1024:.0f} KB) uploads as "
          f"{out['w']}x{out['h']} JPEG of {out['size'] / 1024:.0f} KB in {out['ms']:.0f} ms, "
          f"EXIF GPS {'kept' if exif.lat is not None else 'LOST'}  goal <= 600 KB  "
          f"{verdict(out['size'] <= 600 * 1024 and exif.lat is not None)}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    run(parser.parse_args().runs)
