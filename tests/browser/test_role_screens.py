"""The worker installs only the core shell (issue #5): a cadre's phone never downloads
the handler's and supervisor's screens, while a handler or supervisor who logged in
online gets them kept by the worker, opens them offline after a reload, and keeps them
across a new version (old caches removed)."""

import json
import urllib.request
import uuid

import pytest
from playwright.sync_api import Page, expect

from server.web import ROLE_SCREENS
from tests.browser.helpers import go, login, page_of, wait_for_worker
from tests.browser.loop import make_item

ROLES_KEPT = """async ([version, urls]) => {
  const cache = await caches.open(`zl-shell-${version}`);
  for (const url of urls) if (!(await cache.match(url))) return false;
  return true;
}"""
CACHED_URLS = """async () => {
  const out = {};
  for (const name of await caches.keys()) {
    if (!name.startsWith('zl-shell-')) continue;
    const cache = await caches.open(name);
    out[name] = (await cache.keys()).map((r) => new URL(r.url).pathname);
  }
  return out;
}"""
SCREENS = {"handler": ("tasks", ".tasks-todo", "#rectify-note"),
           "supervisor": ("verify", ".verify-due", ".verify-form")}


def listing(server) -> dict:
    with urllib.request.urlopen(server.url + "/precache.json", timeout=10) as resp:
        return json.load(resp)


def wait_roles_kept(page: Page, server) -> str:
    """Wait until the worker's current cache holds every role screen; its version."""
    current = listing(server)
    urls = [f["url"] for f in current["roles"]]
    assert set(urls) == ROLE_SCREENS
    page.wait_for_function(ROLES_KEPT, arg=[current["version"], urls], timeout=30000)
    return current["version"]


def open_offline(page: Page, user: str, item_id: int) -> None:
    """Reload with no network, then the user's list and the item's form, from the phone."""
    route, list_class, form = SCREENS[user]
    page.context.set_offline(True)
    page.reload()
    page.wait_for_selector("html[data-ready]")
    go(page, route)
    card = page.locator(f"{list_class} .card.item[data-item='{item_id}']")
    expect(card).to_be_visible()
    card.locator("a.card-link").click()
    expect(page.locator("#item-notice")).to_contain_text("当前离线")
    expect(page.locator(form)).to_be_visible()
    page.context.set_offline(False)


@pytest.mark.parametrize("user", ["handler", "supervisor"])
def test_role_user_opens_role_screens_offline_after_login(live, launch, area_of, user):
    item = make_item(live, area_of(live), text=f"便民服务站顶棚漏雨 {uuid.uuid4().hex[:6]}",
                     rectify_as="handler" if user == "supervisor" else None)
    ctx = launch(user, position=(item.lat, item.lon))
    page = page_of(ctx)
    route, list_class, _ = SCREENS[user]
    login(page, live, user, ready=f"{list_class} .card.item[data-item='{item.id}']")
    version = wait_roles_kept(page, live)
    assert set(page.evaluate(CACHED_URLS)) == {f"zl-shell-{version}"}
    open_offline(page, user, item.id)


def test_cadre_never_downloads_role_screens(live, launch, area_of):
    area = area_of(live)
    item = make_item(live, area, text=f"村口路灯不亮 {uuid.uuid4().hex[:6]}")
    ctx = launch("cadre", position=(area["lat"], area["lon"]))
    fetched = []
    ctx.on("request", lambda r: fetched.append(r.url.removeprefix(live.url).split("?")[0]))
    page = page_of(ctx)
    login(page, live, "cadre")
    # the item page is core: a cadre opens their reports' items from 我的上报
    page.evaluate(f"() => {{ location.hash = '#item/{item.id}'; }}")
    expect(page.locator("#item-description")).to_have_text(item.description)
    go(page, "records")
    go(page, "sync")
    page.wait_for_timeout(1000)  # anything late (second stage, worker install) is in
    core = {f["url"] for f in listing(live)["files"]}
    assert "/js/controllers/field.js" in fetched and "/js/views/item.js" in fetched
    assert not set(fetched) & ROLE_SCREENS
    (cached,) = page.evaluate(CACHED_URLS).values()
    assert set(cached) == core


def test_new_version_keeps_role_screens_and_drops_the_old(own_live, launch, area_of):
    item = make_item(own_live, area_of(own_live), text=f"健身器材松动 {uuid.uuid4().hex[:6]}")
    ctx = launch("handler", position=(item.lat, item.lon))
    page = page_of(ctx)
    login(page, own_live, "handler", ready=f".tasks-todo .card.item[data-item='{item.id}']")
    old = wait_roles_kept(page, own_live)

    changed = own_live.pwa_dir / "js" / "views" / "signature.js"  # a role screen only
    changed.write_text(changed.read_text(encoding="utf-8") + "\n// v2\n", encoding="utf-8")
    own_live.restart()
    page.evaluate("async () => (await navigator.serviceWorker.getRegistration()).update()")
    banner = page.locator(".banner")
    expect(banner).to_have_text("有新版本，点击更新", timeout=30000)
    new = wait_roles_kept(page, own_live)  # installed with the new version, unasked
    assert new != old
    with page.expect_navigation():
        banner.click()
    page.wait_for_selector("html[data-ready]")
    wait_for_worker(page)
    assert set(page.evaluate(CACHED_URLS)) == {f"zl-shell-{new}"}, "old cache not removed"
    kept = page.evaluate("""async (v) => (await (await caches.open(`zl-shell-${v}`))
      .match('/js/views/signature.js')).text()""", new)
    assert kept.endswith("// v2\n")
    open_offline(page, "handler", item.id)
