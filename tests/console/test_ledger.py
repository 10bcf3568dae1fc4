"""整改台账 in the browser: filters, full-text search, sorting, paging and export with the
shown filters; the item page with before/after photos side by side, flags, position
and the whole history; the photo viewer."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

from playwright.sync_api import expect

from tests.console.data import in_days, tag
from tests.console.helpers import goto, login, row


def ids_on_page(page) -> list[int]:
    return [int(x) for x in page.locator("table.data tbody tr").evaluate_all(
        "rows => rows.map(r => r.dataset.id)")]


def test_filters_search_sort_and_paging(page, console_live, seed):
    t = tag()
    area = seed.area("cadre")
    health = [seed.report(f"卫生室缺药{n}种{t}", category="health", area=area) for n in (2, 4)]
    other = seed.report(f"井盖丢失{t}", category="other", area=area)
    unit = seed.unit_id()
    seed.act(health[0], "assign", {"unit_id": unit, "deadline": in_days(7), "plan": "补齐药品",
                                   "leader_led": True, "leader_name": "李局长"})
    login(page, console_live, "office")
    goto(page, "#/ledger")
    page.fill("#filter-q", t)
    page.click("#filter-submit")
    expect(page.locator("#ledger-total")).to_have_text("共 3 条")
    assert f"q={t}" in page.evaluate("location.hash")
    assert sorted(ids_on_page(page)) == sorted([*health, other])

    page.locator("label.chip-check", has_text="整改中").locator("input").check()
    page.click("#filter-submit")
    expect(page.locator("#ledger-total")).to_have_text("共 1 条")
    expect(row(page, health[0])).to_contain_text("领导领办")
    page.locator("label.chip-check", has_text="整改中").locator("input").uncheck()
    page.select_option("#filter-category", "health")
    page.click("#filter-submit")
    expect(page.locator("#ledger-total")).to_have_text("共 2 条")
    page.reload()  # the filters live in the address
    page.wait_for_selector("html[data-ready=console]")
    expect(page.locator("#ledger-total")).to_have_text("共 2 条")
    expect(page.locator("#filter-q")).to_have_value(t)

    # the server's own answers for the flag filters, against what the screen shows
    for box, query in (("#filter-overdue", "overdue=true"), ("#filter-leader", "leader_led=true")):
        goto(page, "#/ledger")
        page.check(box)
        page.click("#filter-submit")
        total = seed.call("GET", f"/api/v1/items?{query}&per_page=1")["total"]
        expect(page.locator("#ledger-total")).to_have_text(f"共 {total} 条")
    assert page.locator("table.data tbody tr").count() == page.locator(
        "table.data tbody tr:has(.chip.lead)").count()

    # sort by number, then page through 20 at a time
    goto(page, "#/ledger?per_page=20")
    page.locator("th button.sort", has_text="编号").click()
    expect(page.locator("th[aria-sort=ascending]")).to_have_count(1)
    first = ids_on_page(page)
    assert first == sorted(first) and len(first) == 20
    shown = "&".join(f"status={s}" for s in ("new", "assigned", "rectified", "long_term", "closed"))
    total = seed.call("GET", f"/api/v1/items?per_page=1&{shown}")["total"]
    page.click(".pager [data-page=next]")
    expect(page.locator(".pager .pages")).to_have_text(f"第 2 / {-(-total // 20)} 页")
    second = ids_on_page(page)
    assert min(second) > max(first)


def test_export_uses_the_filters_on_screen(page, console_live, seed):
    t = tag()
    made = [seed.report(f"河道垃圾漂浮{n}处{t}", category="health") for n in (1, 2)]
    login(page, console_live, "office")
    goto(page, f"#/ledger?q={t}")
    expect(page.locator("#ledger-total")).to_have_text("共 2 条")
    with page.expect_download() as got:
        page.click("#export-csv")
    download = got.value
    name = download.suggested_filename
    assert name.startswith("整改台账_") and name.endswith(".csv")
    raw = Path(download.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 3 and all(t in "".join(r) for r in rows[1:])
    assert {str(i) for i in made} <= {c for r in rows[1:] for c in r}
    with page.expect_download() as got:
        page.click("#export-xlsx")
    assert zipfile.is_zipfile(got.value.path())
    expect(page.locator(".toast.ok").last).to_contain_text(".xlsx")


def test_item_page_shows_evidence_flags_and_history(page, console_live, seed):
    t = tag()
    area = seed.area("cadre")
    first = seed.report(f"公厕无人打扫，异味大{t}", category="health", area=area, photos=2)
    shas = [p["sha256"] for p in seed.item(first)["photos"]]
    reused = seed.report(f"集市摊位占道经营{t}", category="convenience", area=area, shas=shas[:1])
    handler_unit = seed.call("GET", "/api/v1/me", user="handler")["user"]["unit_id"]
    seed.act(first, "assign", {"unit_id": handler_unit, "deadline": in_days(5), "plan": "每日保洁"})
    after = seed.photo(f"after-{t}", user="handler")
    seed.act(first, "rectified", {"note": "已安排专人保洁", "photos": [after]}, user="handler")

    login(page, console_live, "office")
    goto(page, f"#/item/{first}")
    expect(page.locator(".item-page")).to_have_attribute("data-status", "rectified")
    before = page.locator("#compare .compare-col.before img")
    after_img = page.locator("#compare .compare-col.after img")
    expect(before).to_have_count(2)
    expect(after_img).to_have_count(1)
    expect(after_img).to_have_attribute("src", re.compile("^blob:"))
    b, a = before.first.bounding_box(), after_img.bounding_box()
    assert abs(b["y"] - a["y"]) < 5 and a["x"] > b["x"] + b["width"], "side by side"
    expect(page.locator("main")).to_contain_text("34.")  # the position, WGS-84 degrees
    actions = page.locator("#timeline .event").evaluate_all("els => els.map(e => e.dataset.action)")
    assert actions == ["create", "assign", "rectified"]
    history = page.locator("#timeline")
    expect(history.locator(".event[data-action=rectified]")).to_contain_text("已安排专人保洁")
    expect(history.locator(".event[data-action=assign]")).to_contain_text("每日保洁")

    # the viewer: display size, next/previous with the keyboard, Esc closes
    before.first.click()
    viewer = page.locator(".viewer")
    expect(viewer).to_be_visible()
    expect(page.locator(".viewer-count")).to_have_text("1 / 2")
    page.wait_for_function("() => document.querySelector('.viewer-img').naturalWidth > 0")
    page.keyboard.press("ArrowRight")
    expect(page.locator(".viewer-count")).to_have_text("2 / 2")
    page.keyboard.press("Escape")
    expect(viewer).to_be_hidden()

    goto(page, f"#/item/{reused}")
    flag = page.locator("#flags .flag[data-kind=photo_reused]")
    expect(flag).to_contain_text("照片与其他台账重复使用")
    expect(flag.locator(f"a[href='#/item/{first}']")).to_be_visible()
