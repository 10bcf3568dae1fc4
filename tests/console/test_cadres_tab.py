"""干部评价 on the console's reports page (issues 15 and 16): the period in each of its
five forms (a month, two months, a quarter, a half, a year) goes to the report under its
own key; the table of cadres shows the API's figures (rank, name, township, unit, 到岗
x/y, 覆盖 x/y, 上报/采纳, 销号, score), townships and units with their 样本不足 notes, the
formula and rules; the printable page in its frame and the workbook."""

from __future__ import annotations

import zipfile

import pytest
from playwright.sync_api import expect

from tests.console.data import today
from tests.console.helpers import csp_violations, goto, login

PERIODS = [("2026-11", "month"), ("2026-B6", "bimonth"), ("2026-Q4", "quarter"),
           ("2026-H2", "half"), ("2026", "year")]


@pytest.mark.parametrize("period,form", PERIODS + [("2026-13", None), ("2026-B7", None),
                                                   ("2026-Q0", None), ("26-11", None)])
def test_a_period_names_its_form_and_splits_back(lab, period, form):
    got = lab.evaluate("""async (p) => {
        const m = await import('/console/lib/periods.js');
        const s = m.splitPeriod(p);
        return [m.periodForm(p), s && m.joinPeriod(s.form, s.year, s.part)];
    }""", period)
    assert got == [form, period if form else None]


def test_the_picker_keeps_the_months_near_across_forms(lab):
    got = lab.evaluate("""async () => {
        const m = await import('/console/lib/periods.js');
        return [m.partOfMonth('bimonth', 11), m.partOfMonth('quarter', 11),
                m.partOfMonth('half', 6), m.monthsOf('bimonth', 6), m.monthsOf('quarter', 2),
                m.monthsOf('year', 0)];
    }""")
    assert got == [6, 4, 1, [11, 12], [4, 6], [1, 12]]


def cell_texts(row) -> list[str]:
    """A table row's cells, their white space collapsed."""
    return [" ".join(c.split()) for c in row.locator("td").all_inner_texts()]


def figures(x: dict) -> list[str]:
    """What the page shows of a row's figures: 到岗, 覆盖, 上报/采纳, 销号, 得分."""
    def out_of(a, b, rate):
        return f"{a}/{b} {'—' if rate is None else f'{rate * 100:.2f}%'}"
    score = "—" if x["score"] is None else f"{x['score']:.2f}"
    return [out_of(x["days_out"], x["days_expected"], x["attendance_rate"]),
            out_of(x["areas_covered"], x["areas_assigned"], x["coverage_rate"]),
            out_of(x["reports"], x["reports_accepted"], x["acceptance_rate"]),
            str(x["items_closed"]), score]


def test_office_reads_the_cadres_of_a_month_and_prints_them(page, console_live, seed):
    month = today()[:7]
    report = seed.call("GET", f"/api/v1/reports/cadres?month={month}")
    assert report["cadres"], "the demo has cadres"
    login(page, console_live, "office")
    goto(page, "#/reports/cadres")
    expect(page.locator(".tabs .tab.current")).to_have_text("干部评价")
    expect(page.locator("#period-form")).to_have_value("month")
    expect(page.locator("#period-year")).to_have_value(month[:4])
    expect(page.locator("#period-part")).to_have_value(str(int(month[5:])))
    expect(page.locator("#report-heading")).to_have_text(report["heading"])
    expect(page.locator("#cadres-formula")).to_have_text(report["formula"])
    expect(page.locator("#cadres-rules li")).to_have_count(len(report["rules"]))

    table = page.locator("#cadres-table")
    expect(table.locator("caption")).to_have_text(f"干部评价（共 {len(report['cadres'])} 人）")
    heads = table.locator("thead th").all_inner_texts()
    assert heads == ["名次", "姓名", "乡镇（街道）", "单位", "到岗", "覆盖", "上报/采纳", "销号",
                     "得分"]
    expect(table.locator("tbody tr")).to_have_count(len(report["cadres"]))
    for i, cadre in enumerate(report["cadres"]):
        row = table.locator("tbody tr").nth(i)
        assert row.get_attribute("data-id") == str(cadre["user_id"])
        texts = cell_texts(row)
        rank = "—" if cadre["rank"] is None else str(cadre["rank"])
        assert texts == [rank, cadre["name"], cadre["township"] or "", cadre["unit"] or "",
                         *figures(cadre)], (cadre, texts)

    for key, rows in (("townships", report["townships"]), ("units", report["units"])):
        group = page.locator(f"#cadres-{key}")
        expect(group.locator("tbody tr")).to_have_count(len(rows) + 1)
        for i, x in enumerate([*rows, report["totals"]]):
            texts = cell_texts(group.locator("tbody tr").nth(i))
            rank = "—" if x["rank"] is None else str(x["rank"])
            assert texts == [rank, x["name"], str(x["cadres"]), *figures(x), x["note"]], (x, texts)
    thin = [x for x in report["townships"] + report["units"] if x["note"].startswith("样本不足")]
    groups = page.locator("#cadres-townships, #cadres-units")
    for x in thin:
        expect(groups.locator("tbody tr", has_text=x["note"])).not_to_have_count(0)

    page.click("#report-print")
    frame = page.frame_locator("#print-frame")
    expect(frame.locator("h2.title")).to_have_text(report["heading"])
    assert frame.locator("script").count() == 0
    assert not csp_violations(page)
    with page.expect_download() as got:
        page.click("#report-xlsx")
    assert got.value.suggested_filename == f"干部评价_{month}.xlsx"
    assert zipfile.is_zipfile(got.value.path())


def test_every_form_of_period_through_the_picker(page, console_live, seed):
    login(page, console_live, "supervisor")
    goto(page, "#/reports/cadres?period=2026-11")
    expect(page.locator("#period-part option")).to_have_count(12)
    page.select_option("#period-form", "bimonth")  # November stays in view: 11—12月
    expect(page.locator("#period-part option")).to_have_count(6)
    expect(page.locator("#period-part")).to_have_value("6")
    expect(page.locator("#period-part option:checked")).to_have_text("11—12月")
    steps = [("bimonth", None, "2026-B6"), ("quarter", "4", "2026-Q4"), ("half", "2", "2026-H2"),
             ("year", None, "2026"), ("month", "3", "2026-03")]
    for form, part, period in steps:
        page.select_option("#period-form", form)
        if part:
            page.select_option("#period-part", part)
        if form == "year":
            expect(page.locator("#period-part")).to_be_hidden()
        page.click("#report-show")
        report = seed.call("GET", f"/api/v1/reports/cadres?{form}={period}", user="supervisor")
        expect(page.locator("#report-heading")).to_have_text(report["heading"])
        assert page.evaluate("location.hash") == f"#/reports/cadres?period={period}"
        expect(page.locator("#period-form")).to_have_value(form)
    # a period the server refuses is said in words
    goto(page, "#/reports/cadres?period=2026-Q9")
    expect(page.locator(".error-box")).to_contain_text("统计周期格式不正确")
