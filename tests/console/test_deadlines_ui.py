"""Deadlines in working days (issue 18, point 8): wherever the office sets a 整改时限 the
console offers +5/+10/+20 个工作日 on the official calendar and names the weekday of the
date; the date previewed is the date the server sets, and the item page shows it with
its weekday."""

from __future__ import annotations

import html
import json
import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from server.reports.calendar import build_calendar
from sync.workdays import add_working_days
from tests.console.data import in_days, tag, today
from tests.console.helpers import goto, login, row

WEEKDAYS = "周一 周二 周三 周四 周五 周六 周日".split()


def weekday(iso: str) -> str:
    """周一 … 周日 of an ISO date."""
    return WEEKDAYS[date.fromisoformat(iso).weekday()]


def server_deadline(n: int) -> str:
    """What the server makes of `deadline_working_days: n` today."""
    return add_working_days(date.fromisoformat(today()), n, build_calendar(None)).isoformat()


@pytest.fixture(scope="module")
def calendar_lab(desktop, console_live):
    """The console page's own settings loaded into the working-day module."""
    tab = desktop.new_page()
    tab.goto(console_live.url + "/precache.json")
    page_html = tab.evaluate("fetch('/console/').then((r) => r.text())")
    found = re.search(r'<meta name="zl-config" content="([^"]*)">', page_html)
    settings = json.loads(html.unescape(found.group(1)))
    tab.evaluate("async (c) => { const m = await import('/console/lib/workdays.js'); "
                 "m.setCalendar(c); window.__wd = m; }", settings["calendar"])
    yield tab
    tab.close()


def test_the_browser_counts_working_days_as_the_server_does(calendar_lab):
    cal = build_calendar(None)
    this_year = date.fromisoformat(today()).year
    starts = [date(this_year - 1, 1, 1) + timedelta(days=k) for k in range(0, 700, 3)]
    cases = [(s.isoformat(), n) for s in starts for n in (1, 5, 10, 20)]
    got = calendar_lab.evaluate(
        "(cases) => cases.map(([s, n]) => window.__wd.addWorkingDays(s, n))", cases)
    want = [add_working_days(date.fromisoformat(s), n, cal).isoformat() for s, n in cases]
    assert got == want
    # the National Day week: holidays on weekdays skipped, the make-up Saturday counted
    assert calendar_lab.evaluate("window.__wd.isWorkday('2026-10-10')") is True
    assert calendar_lab.evaluate("window.__wd.isWorkday('2026-10-05')") is False


def test_assign_on_the_item_page_in_working_days(page, console_live, seed):
    t = tag()
    item = seed.report(f"村委会门前路灯不亮{t}")
    unit = seed.unit_id()
    login(page, console_live, "office")
    goto(page, f"#/item/{item}")
    form = page.locator("#act-assign")
    # the default is 10 working days, and the date's weekday is named beside it
    expect(page.locator("#assign-deadline")).to_have_value(server_deadline(10))
    expect(page.locator("#assign-deadline-weekday")).to_have_text(
        f"{weekday(server_deadline(10))}，10个工作日后")
    expect(form.locator("button.preset")).to_have_text(["+5个工作日", "+10个工作日", "+20个工作日"])
    form.locator("button.preset[data-days='5']").click()
    five = server_deadline(5)
    expect(page.locator("#assign-deadline")).to_have_value(five)
    expect(page.locator("#assign-deadline-weekday")).to_have_text(f"{weekday(five)}，5个工作日后")
    assert weekday(five) not in ("周六", "周日")
    expect(page.locator("#assign-deadline-note")).to_contain_text("工作日")

    form.locator("select[name=unit_id]").select_option(str(unit))
    form.locator("textarea[name=plan]").fill("现场核实后更换灯具")
    with page.expect_request(lambda r: r.url.endswith(f"/items/{item}/actions/assign")) as sent:
        form.locator("button[type=submit]").click()
    assert sent.value.post_data_json["deadline_working_days"] == 5
    assert "deadline" not in sent.value.post_data_json
    expect(page.locator(".item-page")).to_have_attribute("data-status", "assigned")
    assert seed.item(item)["deadline"] == five
    expect(page.locator("#item-deadline")).to_have_text(f"{five}（{weekday(five)}）")
    expect(page.locator("#timeline")).to_contain_text(f"时限 {five}（{weekday(five)}）")

    # a year the calendar does not know yet is said to count Monday to Friday only
    page.fill("#long-term-deadline", "2031-01-06")
    expect(page.locator("#long-term-deadline-weekday")).to_have_text("周一")
    expect(page.locator("#long-term-deadline-note")).to_have_text(
        "2031年的节假日安排尚未载入，该年暂按周一至周五计算")
    # 长期整改: the same presets fill the new deadline, sent as a date
    page.locator("#act-long-term button.preset[data-days='20']").click()
    twenty = server_deadline(20)
    expect(page.locator("#long-term-deadline")).to_have_value(twenty)
    expect(page.locator("#long-term-deadline-weekday")).to_contain_text(weekday(twenty))
    page.locator("#act-long-term textarea[name=note]").fill("需协调供电部门改线")
    page.locator("#act-long-term button[type=submit]").click()
    expect(page.locator(".item-page")).to_have_attribute("data-status", "long_term")
    assert seed.item(item)["deadline"] == twenty


def test_bulk_assign_offers_working_days_and_names_a_day_off(page, console_live, seed):
    t = tag()
    first = seed.report(f"健身广场器材松动{t}")
    second = seed.report(f"小区门口垃圾堆放{t}")
    unit = seed.unit_id()
    login(page, console_live, "office")
    goto(page, "#/queue/new")
    row(page, first).locator("input[type=checkbox]").check()
    page.select_option("#bulk-unit", str(unit))
    page.fill("#bulk-plan", "限期整改到位")
    page.locator(".bulk button.preset[data-days='20']").click()
    twenty = server_deadline(20)
    expect(page.locator("#bulk-deadline")).to_have_value(twenty)
    expect(page.locator("#bulk-deadline-weekday")).to_have_text(f"{weekday(twenty)}，20个工作日后")
    page.click("#bulk-assign")
    expect(page.locator("#bulk-result")).to_contain_text("成功 1 条")
    expect(row(page, first)).to_have_count(0)
    assert seed.item(first)["deadline"] == twenty
    # the next batch starts from the same preset, counted again from today
    expect(page.locator("#bulk-deadline")).to_have_value(twenty)

    # a date typed by hand is sent as typed; a Saturday is named a day off
    saturday = next(d for d in (in_days(k) for k in range(1, 8))
                    if date.fromisoformat(d).weekday() == 5)
    row(page, second).locator("input[type=checkbox]").check()
    page.fill("#bulk-deadline", saturday)
    expect(page.locator("#bulk-deadline-weekday")).to_have_text("周六（休息日）")
    page.click("#bulk-assign")
    expect(row(page, second)).to_have_count(0)
    assert seed.item(second)["deadline"] == saturday
