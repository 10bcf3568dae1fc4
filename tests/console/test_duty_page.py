"""丈量 in the console (#15): the totals of the 丈量 report for the chosen period, the
cadres absent, the areas past the rotation, and the drill-down of a cadre's check-ins
(an outside one marked 不计入到岗, the items of its reports linked), on the demo's six
weeks of check-ins."""

from __future__ import annotations

from datetime import date, timedelta

from playwright.sync_api import expect

from tests.console.data import today
from tests.console.helpers import csp_violations, goto, login, percent_shown

RATES = ("attendance_rate", "coverage_rate")


def expect_totals(page, report) -> None:
    """Each total on the page equals the report's, with its definition as its title."""
    defs = {d["key"]: d for d in report["definitions"]}
    for key in ("attendance_rate", "coverage_rate", "cadres_expected", "cadres_out",
                "areas_total", "areas_covered", "outside_checkins", "overdue_rotation"):
        box = page.locator(f"#duty-totals [data-key='{key}']")
        want = (str(report["overdue_total"]) if key == "overdue_rotation"
                else percent_shown(report["totals"][key]) if key in RATES
                else str(report["totals"][key]))
        expect(box.locator("dd")).to_have_text(want)
        expect(box.locator("dt")).to_have_text(defs[key]["term"])
        assert defs[key]["text"] in box.get_attribute("title")


def weeks_back(n: int) -> list[str]:
    """This ISO week and the n - 1 before it, newest first."""
    days = [date.fromisoformat(today()) - timedelta(weeks=i) for i in range(n)]
    return [f"{d.isocalendar()[0]}-W{d.isocalendar()[1]:02d}" for d in days]


def last_month() -> str:
    """The month before this one (the demo's history covers it): 2026-11."""
    return (date.fromisoformat(today()).replace(day=1) - timedelta(days=1)).strftime("%Y-%m")


def period_visits(seed, report) -> list[dict]:
    """Every check-in of the report's period, through the API."""
    out, page = [], 1
    while True:
        data = seed.call("GET", f"/api/v1/visits?from={report['start']}&to={report['end']}"
                                f"&per_page=200&page={page}")
        out += data["visits"]
        if len(out) >= data["total"] or not data["visits"]:
            return out
        page += 1


def test_totals_absent_cadres_and_areas_past_the_rotation(page, console_live, seed):
    login(page, console_live, "supervisor")
    page.click(".nav a[data-screen=duty]")
    expect(page.locator("main .loading")).to_have_count(0)
    year, number, _ = date.fromisoformat(today()).isocalendar()
    week = f"{year}-W{number:02d}"
    expect(page.locator("button[data-choice=thisWeek]")).to_have_attribute("aria-selected", "true")
    report = seed.call("GET", f"/api/v1/reports/duty?week={week}", user="supervisor")
    expect(page.locator("#duty-heading")).to_have_text(report["heading"])
    expect_totals(page, report)
    expect(page.locator("#duty-days tbody tr")).to_have_count(len(report["duty_days"]))
    # this week's areas past the rotation are marked on the map
    overdue = [a["area_id"] for a in report["areas"] if a["overdue_rotation"]]
    assert overdue
    page.click("#duty-on-map")
    expect(page.locator("#map-overdue .count")).to_have_text(str(len(overdue)))
    for area_id in overdue:
        expect(page.locator(f"#map-svg g.area-g.overdue[data-area='{area_id}']")).to_have_count(1)
    page.go_back()
    expect(page.locator("#duty-heading")).to_have_text(report["heading"])
    expect(page.locator("main .loading")).to_have_count(0)

    # last month, chosen in the picker
    month = seed.call("GET", f"/api/v1/reports/duty?month={last_month()}", user="supervisor")
    page.fill("#duty-month", last_month())
    page.click("#duty-show")
    expect(page.locator("#duty-heading")).to_have_text(month["heading"])
    expect(page.locator("main .loading")).to_have_count(0)
    expect_totals(page, month)
    # per duty day: cadres out of those expected
    expect(page.locator("#duty-days tbody tr")).to_have_count(len(month["duty_days"]))
    cadres = {c["user_id"] for c in month["cadres"]}
    visits = period_visits(seed, month)
    outs = [len({v["user_id"] for v in visits if v["day"] == day and v["counts"]
                 and v["user_id"] in cadres}) for day in month["duty_days"]]
    assert sum(outs) == month["totals"]["cadre_days_out"]
    for i, out in enumerate(outs):
        expect(page.locator("#duty-days tbody tr").nth(i)).to_contain_text(
            f"{out} / {month['totals']['cadres_expected']} 人")

    # last week through its button
    last = date.fromisoformat(today()) - timedelta(days=7)
    previous = f"{last.isocalendar()[0]}-W{last.isocalendar()[1]:02d}"
    page.click("button[data-choice=lastWeek]")
    report = seed.call("GET", f"/api/v1/reports/duty?week={previous}", user="supervisor")
    expect(page.locator("#duty-heading")).to_have_text(report["heading"])
    expect(page.locator("main .loading")).to_have_count(0)
    expect_totals(page, report)

    # a week of the demo with a cadre absent (out on no duty day): the cadre alternates,
    # so which week that is depends on today's date
    weeks = {w: seed.call("GET", f"/api/v1/reports/duty?week={w}", user="supervisor")
             for w in weeks_back(6)}
    week = next(w for w, r in weeks.items() if r["absent_total"])
    report = weeks[week]
    goto(page, f"#/duty?week={week}")
    expect(page.locator("#duty-heading")).to_have_text(report["heading"])
    absent = report["absent"][0]
    cadre = page.locator(f"#duty-cadres tr[data-id='{absent['user_id']}']")
    expect(cadre).to_contain_text(absent["name"])
    expect(cadre).to_contain_text("未到岗")
    expect(cadre).to_contain_text(f"0 / {absent['days_expected']}")
    # the absent come first
    expect(page.locator("#duty-cadres tbody tr").first).to_contain_text("未到岗")

    # a week with areas past the rotation, listed with the weeks since their last visit
    week = next(w for w, r in weeks.items() if r["overdue_total"])
    report = weeks[week]
    goto(page, f"#/duty?week={week}")
    expect(page.locator("#duty-heading")).to_have_text(report["heading"])
    area = report["overdue_areas"][0]
    row = page.locator(f"#duty-areas tr[data-id='{area['area_id']}']")
    expect(row).to_contain_text(area["name"])
    weeks = area["weeks_since_visit"]
    expect(row.locator("td").nth(3)).to_have_text("—" if weeks is None else str(weeks))
    expect(page.locator("#duty-areas tbody tr")).to_have_count(report["overdue_total"])

    # the National Day week: its Friday a holiday, no duty day, the attendance rate over
    # nothing is —
    holiday = "2026-W40"
    report = seed.call("GET", f"/api/v1/reports/duty?week={holiday}", user="supervisor")
    assert report["duty_days"] == [] and report["totals"]["attendance_rate"] is None
    goto(page, f"#/duty?week={holiday}")
    expect(page.locator("#duty-heading")).to_have_text(report["heading"])
    expect(page.locator("#duty-totals [data-key=attendance_rate] dd")).to_have_text("—")
    expect_totals(page, report)
    expect(page.locator("#duty-days")).to_have_text("本期截至目前没有丈量日")
    assert not csp_violations(page)


def test_a_cadres_check_ins_with_an_outside_one_and_the_items(page, console_live, seed):
    report = seed.call("GET", f"/api/v1/reports/duty?month={last_month()}")
    cadres = {c["user_id"] for c in report["cadres"]}
    visits = [v for v in period_visits(seed, report) if v["user_id"] in cadres]
    outside = next(v for v in visits if not v["counts"])
    reason = "超出范围" if outside["assigned"] else "非分包区域"
    login(page, console_live, "office")
    goto(page, f"#/duty?month={last_month()}")
    page.locator(f"#duty-cadres tr[data-id='{outside['user_id']}'] button.link").click()
    expect(page.locator("main .loading")).to_have_count(0)
    panel = page.locator("#duty-visits")
    expect(panel).to_contain_text(outside["user_name"])
    mine = [v for v in visits if v["user_id"] == outside["user_id"]]
    expect(panel.locator("tbody tr")).to_have_count(len(mine))
    row = panel.locator(f"tr[data-id='{outside['id']}']")
    expect(row).to_contain_text(f"不计入到岗（{reason}）")
    expect(row).to_contain_text(outside["area_name"])
    counted = next((v for v in mine if v["counts"]), None)
    if counted:
        expect(panel.locator(f"tr[data-id='{counted['id']}']")).to_contain_text("计入到岗")

    # an area's check-ins, from the list of those past the rotation
    area = report["overdue_areas"][0]
    page.locator(f"#duty-areas tr[data-id='{area['area_id']}'] button.link").click()
    expect(page.locator("main .loading")).to_have_count(0)
    expect(panel.locator("h3")).to_have_text(f"{area['name']} 本期签到")
    there = [v for v in period_visits(seed, report) if v["area_id"] == area["area_id"]]
    if there:
        expect(panel.locator("tbody tr")).to_have_count(len(there))
    else:
        expect(panel).to_contain_text("本期没有签到")

    # a check-in with a report on an item: its link opens the item page
    linked = next(v for v in visits if any(r["item_id"] for r in v["reports"]))
    item_id = next(r["item_id"] for r in linked["reports"] if r["item_id"])
    goto(page, f"#/duty?month={last_month()}&user={linked['user_id']}")
    link = page.locator(f"#duty-visits tr[data-id='{linked['id']}'] a[href='#/item/{item_id}']")
    expect(link).to_have_text(f"#{item_id}")
    link.click()
    expect(page.locator(".item-page h2")).to_contain_text(str(item_id))
    assert not csp_violations(page)
