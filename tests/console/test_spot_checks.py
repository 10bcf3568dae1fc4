"""周抽查 in the console (#15): the office draws the last complete week and sees the draw
(seed, population, the sampled items with their supervisors); drawing it again shows the
existing draw and says why; a week without closed items and a week that does not exist
are refused in words; a supervisor reads the page without the draw button; an item's
page shows its re-check history (合格 / 不合格（反弹）, the 抽查照片) and the events
纳入周抽查 and 周抽查复核 in its timeline. Drawn on the demo's closed items; the re-checks
are made through the API as the supervisors' phones would."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.browser.loop import ApiFailure
from tests.console.data import tag, today
from tests.console.helpers import csp_violations, goto, login

ZONE = ZoneInfo("Asia/Shanghai")


def iso_week(day: date) -> str:
    """2026-11-27 -> 2026-W48."""
    year, number, _ = day.isocalendar()
    return f"{year}-W{number:02d}"


def weeks_ago(n: int) -> str:
    """The ISO week n weeks before this one."""
    return iso_week(date.fromisoformat(today()) - timedelta(weeks=n))


def closed_in(seed, week: str) -> list[int]:
    """Ids of the items closed (and still closed) in a week, local dates, as the office
    sees them."""
    out, page = [], 1
    while True:
        data = seed.call("GET", f"/api/v1/items?status=closed&per_page=200&page={page}")
        out += [it["id"] for it in data["items"]
                if iso_week(date.fromisoformat(local_day(it["closed_at"]))) == week]
        if page * 200 >= data["total"] or not data["items"]:
            return sorted(out)
        page += 1


def local_day(stamp: str) -> str:
    """A stored UTC time as its local date."""
    at = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    at = at if at.tzinfo else at.replace(tzinfo=UTC)
    return at.astimezone(ZONE).date().isoformat()


def usernames(seed) -> dict[int, str]:
    """User id -> login name."""
    return {u["id"]: u["username"] for u in seed.call("GET", "/api/v1/admin/users", user="admin")}


@pytest.fixture(scope="module")
def drawn(seed):
    """A draw of the week before last, made through the API (the office's own week for
    the page test is last week)."""
    week = weeks_ago(2)
    listed = seed.call("GET", f"/api/v1/spot-checks?week={week}")["spot_checks"]
    if listed:
        return listed[0]
    return seed.call("POST", "/api/v1/spot-checks", {"week": week, "size": 5})["spot_check"]


def expect_draw(panel, sc) -> None:
    """The panel of a draw shows its seed, population, counts and one row per entry."""
    expect(panel.locator(".spot-seed")).to_have_text(str(sc["seed"]))
    expect(panel.locator(".spot-population")).to_have_text(
        f"本周销号 {sc['population']} 件，抽取 {len(sc['entries'])} 件")
    pending = sc["counts"]["pending"]
    expect(panel.locator("[data-count=pending]")).to_have_text(f"待复核 {pending} 件")
    expect(panel.locator("tbody tr")).to_have_count(len(sc["entries"]))
    for e in sc["entries"]:
        row = panel.locator(f"tbody tr[data-id='{e['item_id']}']")
        expect(row.locator(f"a[href='#/item/{e['item_id']}']")).to_have_text(f"#{e['item_id']}")
        expect(row).to_contain_text(e["supervisor_name"])
        expect(row).to_contain_text(e["closed_by_name"])
        expect(row).to_contain_text(f"{e['township_name']} · {e['area_name']}")
        if e["closed_at"]:
            expect(row.locator("td").nth(4)).to_have_text(local_day(e["closed_at"]))


def test_office_draws_last_week_and_drawing_again_shows_the_draw(page, console_live, seed):
    week = weeks_ago(1)
    population = closed_in(seed, week)
    assert population, "the demo closes items every week"
    login(page, console_live, "office")
    page.click(".nav a[data-screen=spot]")
    expect(page.locator(".nav a[data-screen=spot]")).to_have_text("周抽查")
    expect(page.locator("main .loading")).to_have_count(0)
    expect(page.locator("#spot-week")).to_have_value(week)  # the last complete week
    expect(page.locator("#spot-size")).to_have_value("5")
    expect(page.locator("#spot-none")).to_have_text("该周尚未抽取周抽查")
    page.fill("#spot-size", "3")
    page.click("#spot-draw")
    expect(page.locator("#spot-notice")).to_contain_text("已抽取")
    listed = seed.call("GET", f"/api/v1/spot-checks?week={week}")["spot_checks"]
    assert len(listed) == 1
    sc = listed[0]
    assert sc["population"] == len(population) and sc["drawn_by_name"]
    assert len(sc["entries"]) == min(3, len(population))
    assert {e["item_id"] for e in sc["entries"]} <= set(population)
    panel = page.locator(f".spot-draw[data-id='{sc['id']}']")
    expect(panel.locator("h3")).to_contain_text(f"年第{int(week[-2:])}周")
    expect(panel).to_contain_text(sc["drawn_by_name"])
    expect(panel).to_contain_text("全部乡镇（街道）")
    expect_draw(panel, sc)
    # the ids drawn from, for anyone who draws again with the seed
    ids = panel.locator(".spot-ids")
    ids.locator("summary").click()
    expect(ids.locator("a")).to_have_count(len(population))
    # every entry waits for its re-check
    expect(panel.locator("[data-result=pending]")).to_have_count(len(sc["entries"]))

    # drawing the same week again: refused, the existing draw is shown
    page.reload()
    page.wait_for_selector("html[data-ready=console]")
    expect(page.locator("main .loading")).to_have_count(0)
    expect(page.locator("#spot-notice")).to_have_count(0)
    page.click("#spot-draw")
    expect(page.locator("#spot-notice")).to_have_text(
        "该周已经抽取过，不能重复抽取。下面是已有的抽取结果。")
    expect(page.locator(".spot-draw")).to_have_count(1)
    expect(page.locator(f".spot-draw.current[data-id='{sc['id']}'] .spot-seed")).to_have_text(
        str(sc["seed"]))
    assert seed.call("GET", f"/api/v1/spot-checks?week={week}")["spot_checks"] == listed

    # a week without closed items, and a week that does not exist
    empty = "2025-W10"
    assert not closed_in(seed, empty)
    page.fill("#spot-week", empty)
    page.click("#spot-draw")
    expect(page.locator("#spot-notice")).to_have_text("该周没有已销号的台账，无可抽取。")
    goto(page, "#/spot?week=2026-W60")
    expect(page.locator("#spot-body [role=alert]")).to_contain_text("周次不正确，请重新选择。")
    # the week drawn is among the recent ones from another week's page
    goto(page, f"#/spot?week={empty}")
    page.locator(f"#spot-recent button[data-week='{week}']").click()
    expect(page.locator("main .loading")).to_have_count(0)
    expect(page.locator(f".spot-draw[data-id='{sc['id']}']")).to_have_count(1)
    assert not csp_violations(page)


def test_a_supervisor_reads_the_draw_without_drawing(page, console_live, seed, drawn):
    login(page, console_live, "supervisor")
    me = seed.call("GET", "/api/v1/me", user="supervisor")["user"]["id"]
    goto(page, f"#/spot?week={drawn['week']}")
    expect(page.locator(".spot .screen-head .chip")).to_have_text("只读")
    expect(page.locator("#spot-draw")).to_have_count(0)
    expect(page.locator("#spot-size")).to_have_count(0)
    sc = seed.call("GET", f"/api/v1/spot-checks?week={drawn['week']}", user="supervisor")
    sc = next(x for x in sc["spot_checks"] if x["id"] == drawn["id"])
    panel = page.locator(f".spot-draw[data-id='{sc['id']}']")
    expect_draw(panel, sc)
    mine = [e for e in sc["entries"] if e["supervisor_id"] == me and e["result"] is None]
    expect(panel.locator(".chip", has_text="待我复核")).to_have_count(len(mine))
    # the same request the office's button sends, with the supervisor's own token
    status = page.evaluate("""async (week) => {
        const token = JSON.parse(sessionStorage.getItem('zl-console-session')).token;
        const r = await fetch('/api/v1/spot-checks', { method: 'POST',
          body: JSON.stringify({ week, size: 5 }),
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` } });
        return r.status;
    }""", weeks_ago(3))
    assert status == 403
    assert not csp_violations(page)


def recheck(seed, entry: dict, who: str, result: str, note: str | None) -> dict:
    """The entry's supervisor re-checks its item on site, with a photo, through the API."""
    item = seed.item(entry["item_id"])
    shot = seed.photo(f"recheck-{entry['id']}-{tag()}", user=who)
    body = {"result": result, "note": note, "photos": [shot], "lat": item["lat"],
            "lon": item["lon"], "accuracy_m": 6.0}
    return seed.act(entry["item_id"], "recheck", body, user=who)


def test_an_entrys_item_page_shows_its_recheck_history(page, console_live, seed, drawn):
    names = usernames(seed)
    entries = [e for e in drawn["entries"] if e["supervisor_id"]]
    assert entries
    failed = entries[0]
    note = f"现场复核：排水沟又被垃圾堵塞{tag()}"
    recheck(seed, failed, names[failed["supervisor_id"]], "fail", note)
    passed = entries[1] if len(entries) > 1 else None
    if passed:
        recheck(seed, passed, names[passed["supervisor_id"]], "pass", None)
    assert seed.item(failed["item_id"])["status"] == "assigned"  # 反弹

    login(page, console_live, "office")
    goto(page, f"#/spot?week={drawn['week']}")
    panel = page.locator(f".spot-draw[data-id='{drawn['id']}']")
    row = panel.locator(f"tbody tr[data-id='{failed['item_id']}']")
    expect(row.locator("[data-result=fail]")).to_have_text("不合格（反弹）")
    expect(row).to_contain_text(note)
    expect(row).to_contain_text(failed["supervisor_name"])
    expect(row).to_contain_text("0 米")
    expect(panel.locator("[data-count=fail]")).to_have_text("不合格（反弹）1 件")
    if passed:
        expect(panel.locator(f"tbody tr[data-id='{passed['item_id']}'] [data-result=pass]")
               ).to_have_text("合格")
        expect(panel.locator("[data-count=pass]")).to_have_text("合格 1 件")

    row.locator(f"a[href='#/item/{failed['item_id']}']").click()
    expect(page.locator(".item-page")).to_have_attribute("data-status", "assigned")
    history = page.locator("#spot-history")
    entry = history.locator(f".spot-entry[data-id='{failed['id']}']")
    expect(entry.locator("[data-result=fail]")).to_have_text("不合格（反弹）")
    expect(entry).to_contain_text(note)
    expect(entry).to_contain_text(failed["supervisor_name"])
    expect(entry).to_contain_text(f"年第{int(drawn['week'][-2:])}周")
    expect(history.locator("h4")).to_have_text("抽查照片")
    expect(history.locator("ul.photos img")).to_have_count(1)
    sample = page.locator("#timeline .event[data-action=sample]")
    expect(sample.locator("strong")).to_have_text("纳入周抽查")
    expect(sample).to_contain_text("抽查周次：")
    event = page.locator("#timeline .event[data-action=recheck]")
    expect(event.locator("strong")).to_have_text("周抽查复核")
    expect(event).to_contain_text("复核结论：不合格（反弹）")
    expect(event).to_contain_text(note)
    expect(event.locator("ul.photos img")).to_have_count(1)

    if passed:
        goto(page, f"#/item/{passed['item_id']}")
        expect(page.locator(".item-page")).to_have_attribute("data-status", "closed")
        expect(page.locator("#spot-history .chip[data-result=pass]")).to_have_text("合格")
        expect(page.locator("#timeline .event[data-action=recheck]")).to_contain_text(
            "复核结论：合格")
        expect(page.locator(".item-page .spot-waiting")).to_have_count(0)
    assert not csp_violations(page)


def waiting_entry(seed) -> dict:
    """Any entry still waiting for its re-check (the demo leaves the week before last
    waiting); else one drawn nine to twelve weeks back, weeks no other test draws."""
    for sc in seed.call("GET", "/api/v1/spot-checks")["spot_checks"]:
        for e in sc["entries"]:
            if e["result"] is None:
                return e
    for back in range(9, 13):
        try:
            sc = seed.call("POST", "/api/v1/spot-checks", {"week": weeks_ago(back), "size": 1})
        except ApiFailure as exc:
            assert exc.body["error"]["code"] == "nothing_to_draw", exc.body
            continue
        return sc["spot_check"]["entries"][0]
    raise AssertionError("no spot-check entry is waiting and no week could be drawn")


def test_an_item_waiting_for_its_recheck_is_marked(page, console_live, seed):
    entry = waiting_entry(seed)
    login(page, console_live, "office")
    goto(page, f"#/item/{entry['item_id']}")
    expect(page.locator(".item-page .spot-waiting")).to_have_text("待周抽查复核")
    expect(page.locator(f"#spot-history .spot-entry[data-id='{entry['id']}'] [data-result=pending]")
           ).to_have_text("待复核")
    goto(page, "#/ledger?status=closed&sort=id")
    expect(page.locator(f"tr[data-id='{entry['item_id']}'] .spot-waiting")).to_have_count(1)
