"""A new app version (issue #10): the server derives the worker from the files'
hashes, so changing one file makes a new worker; the app says "有新版本，点击更新",
refuses to reload while the report form holds unsaved input, and reloads into the
new version (old caches removed) once the cadre saved and agreed."""

import json
import urllib.request

from playwright.sync_api import expect

from tests.browser.helpers import fill_report, go, login, page_of, save_report

CACHES = "async () => (await caches.keys()).filter((k) => k.startsWith('zl-shell-')).sort()"
VERSION = """() => new Promise((resolve) => {
  const ch = new MessageChannel();
  ch.port1.onmessage = (e) => resolve(e.data.version);
  navigator.serviceWorker.controller.postMessage({ type: 'VERSION' }, [ch.port2]);
})"""


def _version(server) -> str:
    with urllib.request.urlopen(server.url + "/precache.json", timeout=10) as resp:
        return json.load(resp)["version"]


def test_new_version_prompts_without_losing_form(own_live, launch, area_of, photos_dir):
    area = area_of(own_live)
    ctx = launch("phone", position=(area["lat"], area["lon"]))
    page = page_of(ctx)
    login(page, own_live)
    old = _version(own_live)
    assert page.evaluate(CACHES) == [f"zl-shell-{old}"]
    assert page.evaluate(VERSION) == old

    text = "半截表单：桥头护栏松动，"
    fill_report(page, area_id=area["id"], category="infrastructure", text=text,
                photos=[photos_dir / "DSCN0025.jpg"])
    css = own_live.pwa_dir / "css" / "app.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* v2 */\n", encoding="utf-8")
    own_live.restart()
    new = _version(own_live)
    assert new != old

    page.evaluate("async () => (await navigator.serviceWorker.getRegistration()).update()")
    banner = page.locator(".banner")
    expect(banner).to_have_text("有新版本，点击更新", timeout=30000)
    page.evaluate("() => { window.__sameDocument = true; }")
    banner.click()
    expect(page.locator(".toast.warn")).to_contain_text("请先保存")
    page.wait_for_timeout(1000)
    assert page.evaluate("() => window.__sameDocument === true"), "reloaded over a form"
    expect(page.locator("#report-description")).to_have_value(text)
    expect(page.locator(".photos .photo")).to_have_count(1)

    save_report(page)
    with page.expect_navigation():
        banner.click()
    page.wait_for_selector("html[data-ready]")
    assert page.evaluate("() => window.__sameDocument === undefined")
    assert page.evaluate(VERSION) == new
    assert page.evaluate(CACHES) == [f"zl-shell-{new}"]
    expect(page.locator(".banner")).to_be_hidden()
    go(page, "records")
    expect(page.locator(".card.record .description")).to_have_text(text)
