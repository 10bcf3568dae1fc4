"""The console's smaller faults of issue 18, point 10, in a real chromium at 1440×900:
the ledger's 共 N 条 leaves merged and rejected items out unless asked for (as the list
and the export do), a settled item lists no merge suggestions, the units and areas
tables head their first column with what it holds, coordinates show to 5 places, the
username pattern is a valid expression under the `v` flag, and an item page prints with
a title and without the navigation."""

from __future__ import annotations

import csv
import io
import subprocess
from pathlib import Path

from playwright.sync_api import expect

from tests.browser.liveserver import PASSWORD
from tests.console.data import in_days, tag
from tests.console.helpers import goto, login, row


def test_the_count_list_and_export_leave_out_merged_and_rejected(page, console_live, seed):
    t = tag()
    kept = seed.report(f"村道坑洼积水{t}")
    gone = seed.report(f"测试误报请忽略{t}", category="other", photos=0)
    twin = seed.report(f"敬老院屋顶漏雨{t}", category="health")
    seed.act(gone, "reject", {"reason": "测试数据"})
    seed.act(twin, "merge", {"into_item_id": kept})
    login(page, console_live, "office")
    goto(page, f"#/ledger?q={t}")
    expect(page.locator("#ledger-total")).to_have_text("共 1 条")
    expect(page.locator("#ledger-total-hint")).to_contain_text("不含已合并、不予受理")
    expect(page.locator("table.data tbody tr")).to_have_count(1)
    expect(row(page, kept)).to_have_count(1)
    with page.expect_download() as got:
        page.click("#export-csv")
    rows = list(csv.reader(io.StringIO(Path(got.value.path()).read_text(encoding="utf-8-sig"))))
    assert len(rows) == 2 and str(kept) in rows[1]

    for label in ("已合并", "不予受理"):
        page.locator("label.chip-check", has_text=label).locator("input").check()
    page.click("#filter-submit")
    expect(page.locator("#ledger-total")).to_have_text("共 2 条")
    expect(page.locator("#ledger-total-hint")).to_have_count(0)
    expect(row(page, gone)).to_have_count(1)
    expect(row(page, twin)).to_have_count(1)


def _close_by_override(seed, item_id: int, t: str) -> None:
    """Assign, rectify and close an item that has no position (office override on site)."""
    user = f"supoffice{t.lower()}"
    seed.call("POST", "/api/v1/admin/users", {"username": user, "password": PASSWORD,
              "name": "杜督导", "roles": ["supervisor", "office"]}, user="admin")
    handler_unit = seed.call("GET", "/api/v1/me", user="handler")["user"]["unit_id"]
    seed.act(item_id, "assign", {"unit_id": handler_unit, "deadline": in_days(5), "plan": "清淤"})
    after = seed.photo(f"after-{t}", user="handler")
    seed.act(item_id, "rectified", {"note": "已清淤疏通", "photos": [after]}, user="handler")
    shot = seed.photo(f"verify-{t}", user=user)
    area = seed.area("cadre")
    seed.act(item_id, "verify", {"decision": "accept", "satisfaction": "satisfied",
                                 "photos": [shot], "lat": area["lat"], "lon": area["lon"],
                                 "override_reason": "上报无定位，现场核实无误"}, user=user)


def test_a_closed_item_lists_no_merge_suggestions(page, console_live, seed):
    t = tag()
    area = seed.area("cadre")
    first = seed.report(f"{area['name']}：村口排水沟堵塞，下雨路面积水{t}", area=area)
    dup = seed.report(f"{area['name']}：村口排水沟堵塞，下雨就积水{t}", area=area, no_fix=True)
    assert any(s["item_id"] == first for s in seed.item(dup)["suggestions"])
    _close_by_override(seed, dup, t)
    closed = seed.item(dup)
    assert closed["status"] == "closed" and closed["suggestions"] == []
    assert seed.item(first)["status"] == "new"
    login(page, console_live, "office")
    goto(page, f"#/item/{dup}")
    expect(page.locator(".item-page")).to_have_attribute("data-status", "closed")
    expect(page.locator("#suggestions")).to_have_count(0)
    expect(page.locator(".item-page")).not_to_contain_text("合并到")


def test_units_and_areas_tables_and_coordinates(page, console_live, seed):
    t = tag()
    areas = seed.call("GET", "/api/v1/admin/areas", user="admin")
    town = next(a for a in (areas["areas"] if isinstance(areas, dict) else areas)
                if a["kind"] == "township")
    name = f"试点村{t}"
    seed.call("POST", "/api/v1/admin/areas", {"name": name, "kind": "village",
              "township_id": town["id"], "lat": 34.464999999999996, "lon": 113.72,
              "radius_m": 500}, user="admin")
    login(page, console_live, "admin")
    goto(page, "#/admin/units")
    expect(page.locator("table.data thead th").first).to_have_text("单位名称")
    goto(page, "#/admin/areas")
    expect(page.locator("table.data thead th").first).to_have_text("区域名称")
    expect(page.locator("main")).not_to_contain_text("姓名")
    line = page.locator("table.data tbody tr", has=page.get_by_text(name, exact=True))
    texts = line.locator("td").all_inner_texts()
    assert "34.46500" in texts and "113.72000" in texts, texts
    page.locator(f"button[data-edit='{name}']").click()
    expect(page.locator("#area-form input[name=lat]")).to_have_value("34.465")
    goto(page, "#/admin/users")
    expect(page.locator("table.data thead th").nth(1)).to_have_text("姓名")

    # an item's position on its page
    item = seed.report(f"路口信号灯故障{t}", at=(34.464999999999996, 113.72))
    goto(page, f"#/item/{item}")
    expect(page.locator(".item-page .facts").first).to_contain_text("34.46500, 113.72000")
    assert "34.464999" not in page.locator("main").inner_text()


def test_the_username_pattern_is_valid_and_checked(page, console_live):
    warnings: list[str] = []
    page.on("console", lambda m: warnings.append(m.text))
    login(page, console_live, "admin")
    goto(page, "#/admin/users")
    page.click("#user-add")
    field = page.locator("#user-form input[name=username]")
    pattern = field.get_attribute("pattern")
    assert page.evaluate("(p) => { try { new RegExp(`^(?:${p})$`, 'v'); return true; } "
                         "catch { return false; } }", pattern)
    checks = {}
    for value in ("bad name!", "张三", "a", "good.name-1", "x_y"):
        field.fill(value)
        checks[value] = field.evaluate("(el) => [el.validity.patternMismatch, el.checkValidity()]")
    assert checks["bad name!"] == [True, False] and checks["张三"] == [True, False]
    assert checks["a"] == [True, False]
    assert checks["good.name-1"] == [False, True] and checks["x_y"] == [False, True]
    assert not [w for w in warnings if "pattern" in w.lower()], warnings


def test_an_item_page_prints_with_a_title_and_no_navigation(page, console_live, seed, tmp_path):
    t = tag()
    item = seed.report(f"文化广场路灯不亮{t}")
    login(page, console_live, "office")
    goto(page, f"#/item/{item}")
    expect(page).to_have_title(f"台账 #{item} · 丈量办公端")
    expect(page.locator("#item-print-head")).to_be_hidden()
    expect(page.locator("#item-back")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator("#item-print-head")).to_be_visible()
    expect(page.locator(".print-title")).to_have_text("“用脚步丈量”问题整改台账")
    for hidden in ("#item-back", "header.top", "#actions", "#item-on-map"):
        expect(page.locator(hidden)).to_be_hidden()
    pdf = tmp_path / "item.pdf"
    page.pdf(path=str(pdf), format="A4")
    text = "".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True,
                                  text=True, check=True).stdout.split())  # no line breaks
    assert "“用脚步丈量”问题整改台账" in text and f"台账#{item}·数据截至" in text
    assert f"文化广场路灯不亮{t}" in text
    for absent in ("返回台账", "退出登录", "待办分拣", "合并到其他条目", "在地图上查看"):
        assert absent not in text, absent
    page.emulate_media(media="screen")
    goto(page, "#/ledger")
    expect(page).to_have_title("丈量 · 办公端")
