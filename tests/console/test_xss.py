"""Script payloads typed into every text field — descriptions, reasons, plans, notes,
leader, user, unit and area names, a bad import sheet — stay inert text in the
console (every screen, the print frame included) and on the public page."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.console.data import in_days, tag
from tests.console.helpers import csp_violations, goto, login

PAYLOADS = [
    '<img src=x onerror="window.__xss=1">',
    "<script>window.__xss=2</script>",
    '"><svg onload=window.__xss=3>',
    "'><iframe src=javascript:window.__xss=4></iframe>",
    "<b>{{7*7}}${7*7}</b><a href=javascript:window.__xss=5>x</a>",
]

INERT = """() => {
  const frames = [...document.querySelectorAll('iframe')].map((f) => f.contentDocument);
  const docs = [document, ...frames];
  const bad = [];
  for (const doc of docs.filter(Boolean)) {
    for (const el of doc.querySelectorAll('*')) {
      for (const a of el.attributes) {
        if (a.name.startsWith('on')) bad.push(`${el.tagName}[${a.name}]`);
      }
      const odd = 'b, img[src=x], iframe:not(#print-frame), script:not([type=module])';
      if (el.matches(odd)) bad.push(el.tagName);
      if (el.matches('a[href^="javascript:"]')) bad.push('javascript link');
    }
  }
  return { xss: window.__xss ?? null, bad };
}"""


def assert_inert(page, *shown: str) -> None:
    state = page.evaluate(INERT)
    assert state == {"xss": None, "bad": []}, state
    assert not csp_violations(page)
    text = page.evaluate("document.body.innerText")
    for payload in shown:
        assert payload in text, f"not shown as text: {payload}"


@pytest.fixture(scope="module")
def hostile(seed):
    """Items and organisation rows carrying the payloads, made through the API."""
    t = tag()
    admin = "admin"
    town = next(a for a in seed.call("GET", "/api/v1/admin/areas", user=admin)
                if a["name"] == "梨河镇")
    unit = seed.call("POST", "/api/v1/admin/units", {"name": PAYLOADS[0] + t}, user=admin)
    area = seed.call("POST", "/api/v1/admin/areas", {
        "name": PAYLOADS[2] + t, "kind": "village", "township_id": town["id"],
        "lat": town["lat"] + 0.01, "lon": town["lon"] + 0.01, "radius_m": 800}, user=admin)
    user = f"xss{t.lower()}"
    seed.call("POST", "/api/v1/admin/users", {"username": user, "password": "x" * 12,
              "name": PAYLOADS[1][:60], "roles": ["cadre"], "area_ids": [area["id"]]}, user=admin)
    seed.tokens[user] = seed.call("POST", "/api/v1/auth/login",
                                  {"username": user, "password": "x" * 12}, user="")["token"]
    names = ("led", "rejected", "merged", "fresh")
    items = {name: seed.report(f"{payload}{t}", area=area, user=user, category="health")
             for name, payload in zip(names, PAYLOADS, strict=False)}
    seed.act(items["led"], "assign", {"unit_id": unit["id"], "deadline": in_days(9),
                                      "plan": PAYLOADS[3], "leader_led": True,
                                      "leader_name": PAYLOADS[2][:60]})
    seed.act(items["rejected"], "reject", {"reason": PAYLOADS[4]})
    seed.act(items["merged"], "merge", {"into_item_id": items["led"], "note": PAYLOADS[1]})
    return {"tag": t, "items": items, "unit": unit, "area": area}


def test_payloads_stay_text_in_every_console_screen(page, console_live, hostile, tmp_path: Path):
    t, items = hostile["tag"], hostile["items"]
    login(page, console_live, "office")
    goto(page, "#/queue/new")
    page.locator(f"tr[data-id='{items['fresh']}'] td.desc").click()
    expect(page.locator(f".detail[data-id='{items['fresh']}']")).to_be_visible()
    assert_inert(page, PAYLOADS[1][:60], PAYLOADS[2] + t)  # reporter and area names

    every = "".join(f"&status={s}" for s in ("new", "assigned", "rejected", "merged"))
    goto(page, f"#/ledger?q={t}{every}")  # merged and rejected rows show only when asked for
    expect(page.locator("#ledger-total")).to_have_text("共 4 条")
    assert_inert(page, PAYLOADS[0] + t)  # the unit's name in its column

    for key, shown in (("led", [PAYLOADS[3], PAYLOADS[2][:60], PAYLOADS[0] + t]),
                       ("merged", [PAYLOADS[1]]), ("rejected", [PAYLOADS[4]])):
        goto(page, f"#/item/{items[key]}")
        expect(page.locator(".item-page")).to_be_visible()
        assert_inert(page, *shown)

    goto(page, f"#/map?focus={items['led']}")
    expect(page.locator("#map-popup")).to_be_visible()
    assert_inert(page, PAYLOADS[2] + t)  # the area's label on the map

    goto(page, "#/reports/monthly")
    expect(page.locator("main")).to_contain_text(t)
    page.click("#report-print")
    frame = page.frame_locator("#print-frame")
    expect(frame.locator("body")).to_contain_text(t)
    assert_inert(page)

    page.click("#logout")
    login(page, console_live, "admin")
    for tab, shown in (("users", PAYLOADS[1][:60]), ("units", PAYLOADS[0] + t),
                       ("areas", PAYLOADS[2] + t)):
        goto(page, f"#/admin/{tab}")
        assert_inert(page, shown)
    sheet = tmp_path / "areas.csv"
    sheet.write_text(f"名称,类型,所属乡镇,纬度,经度,半径米\n{PAYLOADS[4]},村,{PAYLOADS[0]},34.3,113.8,500\n",
                     encoding="utf-8")
    goto(page, "#/admin/import")
    page.set_input_files("#import-areas-file", str(sheet))
    page.locator("#import-areas button[type=submit]").click()
    expect(page.locator("#import-areas .import-errors")).to_contain_text(PAYLOADS[0])
    assert_inert(page)


def test_payloads_stay_text_on_the_public_page(page, console_live, hostile):
    page.goto(console_live.url + "/public/")
    page.wait_for_selector("html[data-ready=public]")
    card = page.locator(f"li.item[data-id='{hostile['items']['led']}']")
    expect(card).to_contain_text(PAYLOADS[0] + hostile["tag"])  # description, and unit
    assert_inert(page, PAYLOADS[0] + hostile["tag"])
