"""Text first, photos after (issue #18 point 1), on a 390x844 phone in real Chromium
against the real server: a report made offline with a 2.1 MB HEIC and three JPEGs is
pushed before any photo byte, so the office's API shows it while every photo upload is
held back; the photos then go up smallest first (two at a time), 我的上报 and 同步 count
them per record ("已上报，照片 1/4 上传中", kept across an offline reload), and the
record becomes 已同步 once the last one is attached on the server."""

import time
import uuid

from playwright.sync_api import expect

from tests.browser.helpers import fill_report, go, login, page_of, save_report
from tests.browser.loop import call
from tests.browser.loop import login as token

PHOTOS = ["iphone_13_pro_max.HEIC", "jolla.jpg", "DSCN0010.jpg", "Canon_40D.jpg"]
PHONE = {"width": 390, "height": 844}


class PhotoGate:
    """Holds every photo PUT whose sha is not let through yet; logs pushes and PUTs."""

    def __init__(self):
        self.allowed: set[str] = set()
        self.held = []
        self.log: list[tuple[str, str]] = []

    def on_photo(self, route):
        """A request to /api/v1/photos/<sha>: PUTs wait at the gate, the rest pass."""
        req = route.request
        sha = req.url.rsplit("/", 1)[-1].split("?")[0]
        if req.method != "PUT":
            route.continue_()
            return
        self.log.append(("put", sha))
        if sha in self.allowed:
            route.continue_()
        else:
            self.held.append((sha, route))

    def on_push(self, route):
        """A push goes through; the log notes when."""
        self.log.append(("push", ""))
        route.continue_()

    def let_through(self, *shas):
        """Open the gate for these photos and send on what waits for them."""
        self.allowed.update(shas)
        waiting, self.held = self.held, []
        for sha, route in waiting:
            if sha in self.allowed:
                try:
                    route.continue_()
                except Exception:  # noqa: BLE001 - the page went away meanwhile
                    pass
            else:
                self.held.append((sha, route))

    def put_order(self) -> list[str]:
        """Each photo once, in the order its first PUT was sent."""
        return list(dict.fromkeys(sha for kind, sha in self.log if kind == "put"))


def _office_item(server, office, text):
    """The office's view of the item holding `text` (list, then detail), or None."""
    found = call(server, "GET", f"/api/v1/items?q={text}", token=office)["items"]
    return call(server, "GET", f"/api/v1/items/{found[0]['id']}", token=office) if found else None


def _wait(page, what, timeout=60):
    """Poll `what()` (letting the page's routes run) until it returns something true."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = what()
        if value:
            return value
        page.wait_for_timeout(300)
    raise AssertionError(f"timed out waiting for {what.__doc__ or what}")


def test_text_reaches_office_before_photos(own_live, launch, area_of, photos_dir):
    live = own_live  # a server of its own: no photo of this test is there yet
    area = area_of(live)
    tag = uuid.uuid4().hex[:8]
    text = f"桥头护栏断裂 {tag}"
    office = token(live, "office")
    ctx = launch("phone", position=(area["lat"], area["lon"]))
    page = page_of(ctx)
    page.set_viewport_size(PHONE)
    login(page, live)
    ctx.set_offline(True)
    fill_report(page, area_id=area["id"], category="infrastructure", text=text,
                photos=[photos_dir / n for n in PHOTOS])
    save_report(page)
    sizes = dict(page.evaluate("""async () => (await (await import('/js/store/db.js'))
      .listPhotos()).map((p) => [p.sha, p.size])"""))
    assert len(sizes) == 4
    smallest_first = sorted(sizes, key=sizes.get)

    gate = PhotoGate()
    page.route("**/api/v1/photos/*", gate.on_photo)
    page.route("**/api/v1/sync/push", gate.on_push)
    ctx.set_offline(False)

    # the office sees the text while not one photo has been let through
    item = _wait(page, lambda: _office_item(live, office, tag))
    assert item["description"] == text
    assert [p for p in item["photos"] if p["kind"] == "before"] == []
    (report,) = item["reports"]
    assert sorted(report["photos_pending"]) == sorted(sizes)
    _wait(page, lambda: gate.held)
    assert gate.log[0] == ("push", ""), gate.log

    card = page.locator(".card.record", has_text=text)
    go(page, "records")
    expect(card).to_have_attribute("data-state", "photos_uploading")
    expect(card.locator("[data-sync]")).to_have_text("已上报，照片 0/4 上传中")

    gate.let_through(smallest_first[0])
    expect(card.locator("[data-sync]")).to_have_text("已上报，照片 1/4 上传中", timeout=30000)
    go(page, "sync")
    line = page.locator("#sync-uploading .uploading-record")
    expect(line).to_contain_text(area["name"])
    expect(line).to_contain_text("已上报，照片 1/4 上传中")
    expect(page.locator("#sync-pending")).to_have_text("0 条")
    page.click("#logout")  # logging out now would lose the photos: it says so
    expect(page.locator(".modal")).to_contain_text("还有 1 条已上报记录的照片没有传完")
    page.locator(".modal").get_by_role("button", name="取消").click()

    ctx.set_offline(True)  # the count is kept on the phone
    page.reload()
    page.wait_for_selector("html[data-ready]")
    go(page, "records")
    expect(card.locator("[data-sync]")).to_have_text("已上报，照片 1/4 上传中")
    ctx.set_offline(False)

    gate.let_through(*sizes)
    expect(card).to_have_attribute("data-state", "synced", timeout=60000)
    order = gate.put_order()  # two at a time, each started in order of size
    assert set(order[:2]) == set(smallest_first[:2]) and order[2:] == smallest_first[2:], \
        f"photos not sent smallest first: {[sizes[s] for s in order]}"
    item = _office_item(live, office, tag)
    assert sorted(p["sha256"] for p in item["photos"] if p["kind"] == "before") == sorted(sizes)
    assert item["reports"][0]["photos_pending"] == []
    assert sorted(item["reports"][0]["photos"]) == sorted(sizes)
