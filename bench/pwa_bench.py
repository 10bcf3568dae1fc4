"""Benchmark of the field app (pwa/) against the real server, in Debian's chromium.

Prints four figures with their goals:
  1. app-shell size, gzip, as the server sends it on first load (goal <= 60 KB): the
     worker plus the core list it installs (`files` of /precache.json), which is what
     a cadre's first visit downloads: the bench records every request of a fresh
     profile's first visit (login, 今日丈量, worker install; page and worker) and
     says whether they were exactly these files, and the bytes on the wire; then how
     much of it the first screen needs before it is usable (the page, its stylesheet
     and the modules it preloads). The role screens (`roles`), fetched only after a
     handler's or supervisor's login, are shown apart;
  2. time to a usable capture screen (上报问题 with its chips) on the first load of the
     shell under Lighthouse's Slow 4G profile (562.5 ms latency, 1.47 Mbit/s down,
     675 kbit/s up) with 4x CPU throttling, through the DevTools protocol (goal <= 2 s);
  3. the same when starting offline from the service worker's cache (goal <= 0.5 s);
  4. bytes uploaded for a 12 MP photo, EXIF kept (goal <= 600 KB);
  5. with `--text-first` (alone, it takes minutes): 20 reports with 3 photos of 12 MP
     made offline, then Slow 4G (150 ms RTT, 750 kbit/s up): time until the server
     holds all texts (goal <= 5 s) and every photo (goal <= 1.10 x bytes / uplink), and
     the office's list meanwhile (goal p95 <= 300 ms); bench/text_first_bench.py.
"First load" = nothing of the app cached (no worker, empty HTTP and Cache Storage);
the login made earlier is kept, so the capture screen is what opens. The fresh
profile's login screen is timed as well. The app marks the moment its first screen
is usable (`zl-ready`); the bench waits for it with a MutationObserver sent over the
DevTools protocol, so no test-driver script runs in the throttled page meanwhile.
Run from the repo root:

    python bench/pwa_bench.py [--runs N] [--http2] [--text-first [--reports N]]

`--http2` loads the pages through nginx with TLS and HTTP/2 in front of the same
server (bench/tls_front.py), as a deployment behind the README's proxy would.

Not a test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import base64
import gzip
import json
import re
import statistics
import sys
import tempfile
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from playwright.sync_api import sync_playwright  # noqa: E402

from bench.tls_front import TlsFront  # noqa: E402
from server.photos.exif import read_exif  # noqa: E402
from tests.browser.conftest import ARGS, CHROMIUM  # noqa: E402
from tests.browser.images import twelve_mp_jpeg  # noqa: E402
from tests.browser.inpage import JS_HELPERS  # noqa: E402
from tests.browser.liveserver import PASSWORD, LiveServer  # noqa: E402
from tests.data import PHOTOS_DIR  # noqa: E402

SLOW_4G = {"offline": False, "latency": 562.5, "downloadThroughput": 1474.56 * 1024 / 8,
           "uploadThroughput": 675 * 1024 / 8}
READY = """new Promise((resolve) => {
  const done = () => resolve(performance.getEntriesByName('zl-ready')[0]?.startTime ?? null);
  const ready = () => Boolean(document.documentElement?.dataset.ready);
  if (ready()) return done();
  new MutationObserver((_, seen) => { if (ready()) { seen.disconnect(); done(); } })
    .observe(document, { subtree: true, attributes: true, attributeFilter: ['data-ready'] });
})"""


def served_size(server, urls: list[str]) -> tuple[int, int]:
    """(gzip bytes, raw bytes) of the files as the server sends them."""
    gz = raw = 0
    for url in urls:
        req = urllib.request.Request(server.url + url, headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(req) as resp:
            body = resp.read()
            gz += len(body)
            raw += len(gzip.decompress(body) if resp.headers.get("Content-Encoding") else body)
    return gz, raw


class Wire:
    """Every app-file request of a browser context (its pages and its worker)."""

    def __init__(self, ctx, server):
        self.base, self.done, self.on = server.url, [], True
        ctx.on("requestfinished", self.add)

    def add(self, request) -> None:
        if self.on:
            self.done.append(request)

    def summary(self, worker_bytes: int) -> tuple[set[str], int, int]:
        """(paths fetched, requests that reached the network, bytes on the wire: headers
        and bodies as Chrome reports them; it reports no body for the worker script,
        so its served size `worker_bytes` stands in)."""
        paths, count, total = set(), 0, 0
        for req in self.done:
            path = req.url.removeprefix(self.base).split("?")[0]
            if path.startswith("/api/") or not req.url.startswith(self.base):
                continue
            if req.response() and req.response().from_service_worker:
                continue  # answered by the worker
            sizes = req.sizes()
            body, headers = sizes["responseBodySize"], sizes["responseHeadersSize"]
            if body + headers <= 0:
                continue  # the worker's fetch answered by the HTTP cache
            paths.add(path)
            count += 1
            total += headers + (worker_bytes if path == "/sw.js" and body <= 0 else max(body, 0))
        return paths, count, total


def timed_load(page, cdp, url: str, network: dict | None, cpu: float) -> float:
    """Navigate with throttling on; ms from navigation start to the app's zl-ready mark."""
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", network or
             {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": cpu})
    page.goto(url, wait_until="commit", timeout=60000)
    ms = cdp.send("Runtime.evaluate", {"expression": READY, "awaitPromise": True,
                                       "returnByValue": True, "timeout": 60000})["result"]["value"]
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})
    cdp.send("Network.emulateNetworkConditions",
             {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    return ms


def forget_app(page, cdp, server) -> None:
    """Drop the worker, Cache Storage and HTTP cache at once; keep IndexedDB (the login).
    (Unregistering from the page only flags a worker that still controls it; the next
    load could then revive it with its caches gone.)"""
    page.goto("about:blank")
    cdp.send("Storage.clearDataForOrigin",
             {"origin": server.url, "storageTypes": "service_workers,cache_storage"})
    cdp.send("Network.clearBrowserCache")


def run(runs: int, http2: bool) -> None:
    work = Path(tempfile.mkdtemp(prefix="pwa-bench-"))
    server = LiveServer(work).setup().start()
    front = None
    try:
        front = TlsFront(work, server.port).start() if http2 else None
        app = front or server  # where the browser goes
        with urllib.request.urlopen(server.url + "/precache.json") as resp:
            listing = json.load(resp)
        core = [f["url"] for f in listing["files"]] + ["/sw.js"]
        gz, raw = served_size(server, core)
        roles_gz, _ = served_size(server, [f["url"] for f in listing["roles"]])
        with urllib.request.urlopen(server.url + "/") as resp:  # what the page itself loads
            page_refs = re.findall(r'(?:href|src)="(/[^"]+\.(?:js|css))"', resp.read().decode())
        first_screen = ["/"] + page_refs
        first_gz, _ = served_size(server, first_screen)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS + (
                ["--ignore-certificate-errors"] if front else []))  # the front's own certificate
            area_pos = {"latitude": 34.399, "longitude": 113.742, "accuracy": 10}
            ctx = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True,
                                      has_touch=True, locale="zh-CN", geolocation=area_pos,
                                      permissions=["geolocation"], ignore_https_errors=bool(front))
            wire = Wire(ctx, app)
            page = ctx.new_page()
            cdp = ctx.new_cdp_session(page)
            login_ms = timed_load(page, cdp, app.url + "/", SLOW_4G, 4)
            page.fill("#login-username", "cadre")
            page.fill("#login-password", PASSWORD)
            page.click("form.login button[type=submit]")
            page.wait_for_selector(".today .area", timeout=30000)
            page.wait_for_function("() => navigator.serviceWorker.controller !== null")
            page.wait_for_timeout(2000)  # anything late of the first visit
            wire.on = False
            fetched, requests, wire_bytes = wire.summary(served_size(server, ["/sw.js"])[0])
            first, offline, offline_fast = [], [], []
            for _ in range(runs):
                forget_app(page, cdp, app)
                first.append(timed_load(page, cdp, app.url + "/#report", SLOW_4G, 4))
                page.wait_for_function("() => navigator.serviceWorker.controller !== null",
                                       timeout=60000)
                ctx.set_offline(True)
                page.goto("about:blank")
                offline.append(timed_load(page, cdp, app.url + "/#report", None, 4))
                page.goto("about:blank")
                offline_fast.append(timed_load(page, cdp, app.url + "/#report", None, 1))
                ctx.set_offline(False)
            page.goto(app.url + "/precache.json")
            page.evaluate(JS_HELPERS)
            photo = twelve_mp_jpeg(PHOTOS_DIR)
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
        if front:
            front.stop()
        server.stop()

    def verdict(ok: bool) -> str:
        return "ok" if ok else "OVER GOAL"

    med = statistics.median
    print("pages loaded " + ("through nginx (TLS + HTTP/2) in front of zhangliang serve"
                             if http2 else "from zhangliang serve directly (HTTP/1.1)"))
    counted = set(core) | {"/index.html"}  # the page is fetched as / and cached as /
    print(f"1. app shell, gzip on first load: {gz / 1024:.1f} KB ({len(core)} files: the worker "
          f"and its core list; {raw / 1024:.1f} KB uncompressed)  goal <= 60 KB  "
          f"{verdict(gz <= 60 * 1024)}")
    print(f"   a cadre's first visit (page and worker): {requests} requests to the server, "
          f"{wire_bytes / 1024:.1f} KB on the wire with headers; "
          + ("exactly the counted files" if fetched <= counted and set(core) <= fetched else
             f"NOT the counted files: extra {sorted(fetched - counted)}, "
             f"missing {sorted(set(core) - fetched)}")
          + (" (Chrome keeps nothing in its HTTP cache under the front's throwaway "
             "certificate, so the worker fetches each file again)" if http2 else ""))
    print(f"   needed before the first screen is usable: {len(first_screen)} of them "
          f"(the page, its stylesheet and its module graph), {first_gz / 1024:.1f} KB")
    print(f"   role screens, fetched after a handler's or supervisor's login: "
          f"{roles_gz / 1024:.1f} KB gzip ({len(listing['roles'])} files)")
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
    parser.add_argument("--http2", action="store_true",
                        help="load the app through nginx with TLS and HTTP/2 (bench/tls_front.py)")
    parser.add_argument("--text-first", action="store_true",
                        help="only the weak-link sync scenario (bench/text_first_bench.py)")
    parser.add_argument("--reports", type=int, default=20, help="reports in --text-first")
    args = parser.parse_args()
    if args.text_first:
        from bench import text_first_bench
        text_first_bench.report(text_first_bench.scenario(args.reports))
    else:
        run(args.runs, args.http2)
