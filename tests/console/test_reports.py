"""周通报 / 月督导 / 季排名 in the console: the numbers of the JSON reports, another
period, the printable page in its frame, the workbook download."""

from __future__ import annotations

import zipfile

import pytest
from playwright.sync_api import expect

from tests.console.helpers import csp_violations, goto, login


def test_weekly_bulletin_numbers_print_preview_and_workbook(page, console_live, seed):
    login(page, console_live, "office")
    goto(page, "#/reports/weekly")
    period = page.locator("#period").input_value()
    report = seed.call("GET", f"/api/v1/reports/weekly?week={period}")
    expect(page.locator("#report-heading")).to_have_text(report["heading"])
    expect(page.locator("#report-summary")).to_have_text(report["summary"])
    units = page.locator("table.data").first
    expect(units.locator("tbody tr")).to_have_count(len(report["units"]) + 1)
    total_row = units.locator("tbody tr").last.locator("td").all_inner_texts()
    assert total_row[0] == "合计" and total_row[1] == str(report["totals"]["new"])

    page.click("#report-print")
    frame = page.frame_locator("#print-frame")
    expect(frame.locator("h2.title")).to_have_text(report["heading"])
    assert page.locator("#print-frame").get_attribute("sandbox") == "allow-same-origin allow-modals"
    assert frame.locator("script").count() == 0
    assert not csp_violations(page)

    with page.expect_download() as got:
        page.click("#report-xlsx")
    assert got.value.suggested_filename == f"周通报_{report['period']}.xlsx"
    assert zipfile.is_zipfile(got.value.path())

    # another week through the picker
    earlier = seed.call("GET", "/api/v1/reports/weekly?week=2026-W40")
    page.fill("#period", "2026-W40")
    page.click("#report-show")
    expect(page.locator("#report-heading")).to_have_text(earlier["heading"])
    assert "period=2026-W40" in page.evaluate("location.hash")


@pytest.mark.parametrize("kind,query", [("monthly", "month=2026-10"),
                                        ("ranking", "quarter=2026-Q4")])
def test_monthly_list_and_quarterly_ranking(page, console_live, seed, kind, query):
    report = seed.call("GET", f"/api/v1/reports/{kind}?{query}")
    login(page, console_live, "supervisor")
    goto(page, f"#/reports/{kind}?period={query.split('=')[1]}")
    expect(page.locator("#report-heading")).to_have_text(report["heading"])
    if kind == "monthly":
        expect(page.locator("main")).to_contain_text(f"督导清单（共 {report['item_total']} 条）")
    else:
        expect(page.locator(".formula")).to_have_text(report["formula"])
        tables = (("排名", report["ranked"]), ("样本不足，不参加排名", report["insufficient"]))
        for caption, rows in tables:
            table = page.locator("table.data", has=page.get_by_text(caption, exact=True))
            expect(table.locator("tbody tr")).to_have_count(len(rows))
        assert report["ranked"], "the demo quarter ranks some units"
        assert page.locator("#period-quarter").input_value() == "4"


def test_a_bad_period_shows_the_servers_reason(page, console_live):
    login(page, console_live, "office")
    goto(page, "#/reports/weekly?period=2026-W77")
    expect(page.locator(".error-box")).to_contain_text("统计周期")
