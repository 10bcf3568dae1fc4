"""月度进展 in the reports area: the month's figures of the JSON report (totals, per unit,
per batch, the leader-led apart, the late milestones linked to their projects) with the
report's own names for its columns, another month through the picker, the printable page
in its frame and the workbook; and the console's batch words and 万元 amounts, the copies
of the server's, checked against it."""

from __future__ import annotations

import zipfile

from playwright.sync_api import expect

from sync.project_cells import batch_word
from tests.console.helpers import csp_violations, goto, login, percent_shown


def test_monthly_progress_numbers_picker_print_and_workbook(page, console_live, seed):
    login(page, console_live, "office")
    goto(page, "#/reports/projects")
    expect(page.locator(".tab.current")).to_have_text("月度进展")
    period = page.locator("#period").input_value()
    report = seed.call("GET", f"/api/v1/reports/projects?month={period}")
    expect(page.locator("#report-heading")).to_have_text(report["heading"])
    totals = page.locator("#project-report-totals")
    expect(totals.locator("[data-key=projects] dd")).to_have_text(str(report["totals"]["projects"]))
    expect(totals.locator("[data-key=lateMilestones] dd")).to_have_text(
        str(report["totals"]["late_milestones"]))
    rate = report["totals"]["investment_rate"]
    expect(totals.locator("[data-key=rate] dd")).to_have_text(percent_shown(rate))

    units = page.locator("#project-report-units table")
    expect(units.locator("tbody tr")).to_have_count(len(report["units"]) + 1)
    terms = {d["key"]: d["term"] for d in report["definitions"]}
    heads = units.locator("thead th").all_inner_texts()
    assert f"{terms['investment_done_wan']}（万元）" in heads and terms["late_milestones"] in heads
    first = report["units"][0]
    cells = units.locator("tbody tr").first.locator("td").all_inner_texts()
    assert cells[0] == first["name"] and cells[1] == str(first["projects"])
    batches = page.locator("#project-report-batches tbody tr")
    expect(batches).to_have_count(len(report["batches"]) + 1)
    assert page.locator("#project-report-batches tbody tr td").first.inner_text() == "第一批"
    leader = page.locator("#project-report-leader table").nth(1)
    expect(leader.locator("tbody tr")).to_have_count(len(report["leader_projects"]))
    late = page.locator("#project-report-late tbody tr")
    expect(late).to_have_count(len(report["late"]))
    assert report["late"], "the demo has late milestones"
    late.first.locator("a").click()
    expect(page.locator("#project-name")).to_have_text(report["late"][0]["project_name"])
    page.go_back()

    expect(page.locator("#report-heading")).to_have_text(report["heading"])
    page.click("#report-print")
    frame = page.frame_locator("#print-frame")
    expect(frame.locator("h2.title")).to_have_text(report["heading"])
    assert frame.locator("script").count() == 0
    assert not csp_violations(page)
    with page.expect_download() as got:
        page.click("#report-xlsx")
    assert got.value.suggested_filename == f"民生实事月度进展_{report['period']}.xlsx"
    assert zipfile.is_zipfile(got.value.path())

    earlier = seed.call("GET", "/api/v1/reports/projects?month=2026-09")
    page.fill("#period", "2026-09")
    page.click("#report-show")
    expect(page.locator("#report-heading")).to_have_text(earlier["heading"])
    assert "period=2026-09" in page.evaluate("location.hash")


def test_batch_words_and_amounts_are_the_servers(lab):
    got = lab.evaluate("""async () => {
        const m = await import('/console/lib/format.js');
        return { batches: Array.from({ length: 101 }, (_, n) => m.batchName(n)),
                 wan: [17600, 40575.06, 0.5, 12200.004, null].map(m.wanNumber) };
    }""")
    assert got["batches"] == [batch_word(n) for n in range(101)]
    assert got["wan"] == ["17,600", "40,575.06", "0.5", "12,200", "—"]
