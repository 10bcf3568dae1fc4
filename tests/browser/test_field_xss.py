"""Markup typed into any text stays text in the field app (reliability issue), and the
tabs of a user with every field role fit a 360 px phone (the rest behind 更多).

A user holding the cadre, handler and supervisor roles, whose name, unit and area
(made through the admin API) carry script payloads, sees items whose description,
plan, notes, resident names and reject reason carry them too, on every screen that
shows them: 今日丈量, 上报问题, 我的上报, 我单位的任务, 待验收, the item page and 同步.
Each payload must show literally, no element may come out of it, and
`window.__xss` must stay undefined.
"""

import uuid

from playwright.sync_api import Page, expect

from tests.browser.helpers import fill_report, go, login, page_of, save_report
from tests.browser.liveserver import PASSWORD
from tests.browser.loop import call, make_item, rectify, verify
from tests.browser.loop import login as token

IMG = "<img src=x onerror=window.__xss=1>"
SCRIPT = "<script>window.__xss=1</script>"
SVG = '"><svg onload=window.__xss=1>'
SYNC_S = 120_000

INERT = """() => ({
  flag: typeof window.__xss,
  made: document.querySelectorAll('#app img[src="x"], #app script, #app svg, #app [onerror], '
    + '#app [onload]').length,
})"""


def inert(page: Page, *texts: str) -> None:
    """Every text shows literally on the screen and nothing ran or was made from it."""
    main = page.locator("#main")
    for text in texts:
        expect(main).to_contain_text(text)
    assert page.evaluate(INERT) == {"flag": "undefined", "made": 0}


def test_payloads_stay_text_on_every_screen(own_live, launch, photos_dir):
    live = own_live
    tag = uuid.uuid4().hex[:4]
    p = {k: f"{k}{tag}{v}" for k, v in {
        "unit": IMG, "area": SCRIPT + IMG, "name": IMG, "descA": IMG + SCRIPT, "descB": SVG,
        "descC": SCRIPT, "plan": IMG, "note1": SCRIPT, "note2": IMG, "vnote": SVG,
        "res": IMG, "reason": SCRIPT + SVG, "res2": SCRIPT}.items()}
    admin = token(live, "admin")
    town = next(a for a in call(live, "GET", "/api/v1/admin/areas", token=admin)
                if a["kind"] == "township")
    unit = call(live, "POST", "/api/v1/admin/units", {"name": p["unit"]}, admin)
    area = call(live, "POST", "/api/v1/admin/areas", {
        "name": p["area"], "kind": "village", "township_id": town["id"],
        "lat": town["lat"] + 0.03, "lon": town["lon"] + 0.03, "radius_m": 800}, admin)
    call(live, "POST", "/api/v1/admin/users", {
        "username": "xss", "password": PASSWORD, "name": p["name"], "unit_id": unit["id"],
        "roles": ["cadre", "handler", "supervisor"], "area_ids": [area["id"]]}, admin)

    a = make_item(live, area, text=p["descA"], reporter="xss", unit_id=unit["id"],
                  plan=p["plan"], rectify_as="xss", rectify_note=p["note1"])
    verify(live, a, "supervisor", decision="return", satisfaction="unsatisfied",
           resident_name=p["res"], note=p["vnote"])
    rectify(live, a, "xss", p["note2"])
    b = make_item(live, area, text=p["descB"], reporter="xss", unit_id=unit["id"], plan=p["plan"])

    ctx = launch("xss", position=(a.lat, a.lon))
    page = page_of(ctx)
    login(page, live, "xss")

    # every field role: 今日丈量 上报问题 我单位的任务 待验收 + 更多 (我单位的项目, 我的上报, 同步)
    tabs = page.locator(".tabs > .tab")
    expect(tabs).to_have_count(5)
    assert tabs.evaluate_all("els => els.map((e) => e.dataset.route || 'more')") == \
        ["today", "report", "tasks", "verify", "more"]
    fits = tabs.evaluate_all("""els => els.map((e) => {
      const r = e.getBoundingClientRect(); const l = e.querySelector('.tab-label');
      return r.left >= 0 && r.right <= 360 && r.height >= 48 && l.scrollWidth <= l.clientWidth + 1
        && l.getBoundingClientRect().height < 30;
    })""")
    assert all(fits), f"a tab does not fit 360 px: {fits}"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, "the page is wider"
    page.click(".tabs [data-more]")
    menu = page.locator("#more-menu")
    expect(menu).to_be_visible()
    expect(menu.locator("a .tab-label")).to_have_text(["单位项目", "我的上报", "同步"])
    page.keyboard.press("Escape")
    expect(menu).to_be_hidden()

    inert(page, p["area"])  # 今日丈量
    fill_report(page, area_id=area["id"], category="health", text=p["descC"])
    expect(page.locator("#report-area option:checked")).to_contain_text(p["area"])
    assert page.evaluate(INERT) == {"flag": "undefined", "made": 0}
    save_report(page)
    go(page, "records")
    card = page.locator(".card.record").first
    expect(card).to_have_attribute("data-state", "synced", timeout=SYNC_S)
    inert(page, p["descC"], p["area"])
    item_c = page.evaluate("""async () => (await (await import('/js/store/db.js')).listRecords())
      .find((r) => r.type === 'report.create').itemId""")
    call(live, "POST", f"/api/v1/items/{item_c}/actions/reject", {"reason": p["reason"]},
         token(live, "office"))
    go(page, "sync")
    page.click("#sync-now")
    inert(page, p["name"])
    go(page, "records")
    expect(card.locator(".warn")).to_contain_text(p["reason"], timeout=SYNC_S)
    inert(page, p["reason"])

    go(page, "tasks")
    expect(page.locator(f".tasks-todo .card.item[data-item='{b.id}']")).to_be_visible()
    inert(page, p["descB"], p["area"])
    waiting = page.locator(f".tasks-waiting .card.item[data-item='{a.id}']")
    expect(waiting).to_contain_text(p["descA"])
    go(page, "verify")
    due = page.locator(f".verify-due .card.item[data-item='{a.id}']")
    expect(due).to_contain_text(p["unit"])
    inert(page, p["descA"], p["area"])

    due.locator("a.card-link").click()
    history = page.locator(".history")
    expect(history).to_contain_text(p["vnote"])
    inert(page, p["descA"], p["area"], p["unit"], p["plan"], p["note1"], p["note2"], p["vnote"],
          p["res"], p["name"])
    page.set_input_files("#verify-gallery", str(photos_dir / "jolla.jpg"))
    expect(page.locator(".verify-form .photos .photo")).to_have_count(1, timeout=30000)
    page.locator(".verify-form .chip-choice", has_text="不满意").click()
    page.fill("#verify-resident", p["res2"])
    page.fill("#verify-note", p["vnote"])
    page.click("#verify-return")
    expect(page.locator(".item-records .card.record")).to_have_attribute(
        "data-state", "synced", timeout=SYNC_S)
    expect(history).to_contain_text(p["res2"], timeout=SYNC_S)
    inert(page, p["res2"], p["descA"])
    go(page, "tasks")  # sent back: 已退回 in the unit's list again
    back = page.locator(f".tasks-todo .card.item[data-item='{a.id}']")
    expect(back).to_contain_text("已退回")
    expect(back).to_contain_text("退回 2 次")
    inert(page, p["descA"], p["descB"])
