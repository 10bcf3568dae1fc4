"""调整整改时限 in the console (#15 follow-up): the office gives an assigned item a new
deadline (+10 个工作日) with its reason, and the page shows the new deadline and the
timeline's 原时限 → 新时限; a blank reason and a deadline past the horizon are refused in
words, keeping what was typed; a supervisor has no such form (and the API refuses his
request); an item reopened by a failed 周抽查 re-check says 抽查反弹，临时整改时限 … beside
its deadline until the office reschedules it. The rebound is made through the API: a week
nobody else draws (four or more weeks back) drawn by the office, then re-checked on site
by the entry's supervisor."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from server.reports.calendar import build_calendar
from sync.workdays import add_working_days
from sync.workflow import Rules
from tests.browser.loop import ApiFailure
from tests.console.data import tag, today
from tests.console.helpers import csp_violations, goto, login

WEEKDAYS = "周一 周二 周三 周四 周五 周六 周日".split()


def shown(iso: str) -> str:
    """A date as the console shows it: 2026-12-04（周五）."""
    return f"{iso}（{WEEKDAYS[date.fromisoformat(iso).weekday()]}）"


def working_days(n: int) -> str:
    """What the server makes of `deadline_working_days: n` today."""
    return add_working_days(date.fromisoformat(today()), n, build_calendar(None)).isoformat()


def iso_week(day: date) -> str:
    """2026-11-27 -> 2026-W48."""
    year, number, _ = day.isocalendar()
    return f"{year}-W{number:02d}"


def assigned_item(seed, text: str) -> dict:
    """A cadre's report, assigned by the office with 5 working days."""
    item_id = seed.report(text)
    return seed.act(item_id, "assign", {"unit_id": seed.unit_id(), "deadline_working_days": 5,
                                        "plan": "现场核实后限期整改"})


def pending_entry(seed) -> dict:
    """A spot-check entry waiting for its re-check, with a supervisor, in a week the demo
    and tests/console/test_spot_checks.py leave alone (drawn here when nobody has)."""
    for back in range(4, 9):
        week = iso_week(date.fromisoformat(today()) - timedelta(weeks=back))
        draws = seed.call("GET", f"/api/v1/spot-checks?week={week}")["spot_checks"]
        if not draws:
            try:
                draws = [seed.call("POST", "/api/v1/spot-checks",
                                   {"week": week, "size": 2})["spot_check"]]
            except ApiFailure as exc:
                assert exc.body["error"]["code"] == "nothing_to_draw", exc.body
                continue
        for e in (e for sc in draws for e in sc["entries"]):
            if e["result"] is None and e["supervisor_id"]:
                return e
    raise AssertionError("no week four to eight weeks back has closed items to draw")


@pytest.fixture(scope="module")
def rebound(seed) -> dict:
    """An item reopened by a failed re-check (反弹), made as the supervisor's phone would."""
    entry = pending_entry(seed)
    who = {u["id"]: u["username"] for u in seed.call("GET", "/api/v1/admin/users", user="admin")}
    supervisor = who[entry["supervisor_id"]]
    item = seed.item(entry["item_id"])
    shot = seed.photo(f"rebound-{entry['id']}-{tag()}", user=supervisor)
    seed.act(item["id"], "recheck", {
        "result": "fail", "note": f"复核发现垃圾又堆起来了{tag()}", "photos": [shot],
        "lat": item["lat"], "lon": item["lon"], "accuracy_m": 6.0}, user=supervisor)
    item = seed.item(item["id"])
    assert item["status"] == "assigned" and item["deadline"] == working_days(5)
    return item


def test_the_office_reschedules_an_assigned_item(page, console_live, seed):
    item = assigned_item(seed, f"桥头护栏断裂{tag()}")
    five, ten = working_days(5), working_days(10)
    assert item["deadline"] == five
    login(page, console_live, "office")
    goto(page, f"#/item/{item['id']}")
    form = page.locator("#act-reschedule")
    expect(form.locator("h4")).to_have_text("调整整改时限")
    expect(page.locator("#reschedule-current")).to_have_text(shown(five))
    expect(form.locator("button.preset")).to_have_text(["+5个工作日", "+10个工作日", "+20个工作日"])
    expect(page.locator("#item-rebound")).to_have_count(0)  # an ordinary assignment

    # a blank reason is refused in words, and nothing is sent
    form.locator("button.preset[data-days='10']").click()
    expect(page.locator("#reschedule-deadline")).to_have_value(ten)
    form.locator("textarea[name=note]").fill("   ")
    form.locator("button[type=submit]").click()
    expect(form.locator(".error")).to_have_text("请填写调整理由")
    assert seed.item(item["id"])["deadline"] == five

    reason = f"涉及供电线路迁改，需协调供电公司{tag()}"
    form.locator("textarea[name=note]").fill(reason)
    path = f"/items/{item['id']}/actions/reschedule"
    with page.expect_request(lambda r: r.url.endswith(path)) as sent:
        form.locator("button[type=submit]").click()
    assert sent.value.post_data_json == {"deadline_working_days": 10, "note": reason}
    expect(page.locator("#item-deadline")).to_have_text(shown(ten))
    expect(page.locator("#reschedule-current")).to_have_text(shown(ten))
    expect(page.locator(".toast").last).to_contain_text("已调整整改时限")
    event = page.locator("#timeline .event[data-action=reschedule]")
    expect(event.locator("strong")).to_have_text("调整整改时限")
    expect(event.locator(".event-body li")).to_have_text(
        [f"原时限 {shown(five)} → 新时限 {shown(ten)}，按10个工作日计", f"调整理由：{reason}"])
    assert seed.item(item["id"])["deadline"] == ten
    expect(page.locator(".item-page")).to_have_attribute("data-status", "assigned")
    assert not csp_violations(page)


def test_a_deadline_past_the_horizon_is_refused_in_words(page, console_live, seed):
    item = assigned_item(seed, f"广场地砖松动{tag()}")
    seed.act(item["id"], "long_term", {"note": "需纳入明年广场改造项目"})
    login(page, console_live, "office")
    goto(page, f"#/item/{item['id']}")
    expect(page.locator(".item-page")).to_have_attribute("data-status", "long_term")
    form = page.locator("#act-reschedule")  # a long-term item may be rescheduled too
    reason = f"改造项目推迟{tag()}"
    page.fill("#reschedule-deadline", "2040-01-02")
    form.locator("textarea[name=note]").fill(reason)
    form.locator("button[type=submit]").click()
    horizon = Rules(today=date.fromisoformat(today())).deadline_horizon_days
    latest = (date.fromisoformat(today()) + timedelta(days=horizon)).isoformat()
    expect(form.locator(".error")).to_have_text(
        f"新的整改时限须在 {shown(today())} 至 {shown(latest)} 之间")
    expect(page.locator(".toast").last).to_contain_text("新的整改时限须在")
    # what was typed stays in the form
    expect(page.locator("#reschedule-deadline")).to_have_value("2040-01-02")
    expect(form.locator("textarea[name=note]")).to_have_value(reason)
    assert seed.item(item["id"])["deadline"] == item["deadline"]
    assert not csp_violations(page)


def test_a_supervisor_has_no_reschedule(page, console_live, seed, rebound):
    item = assigned_item(seed, f"村道路灯不亮{tag()}")
    login(page, console_live, "supervisor")
    goto(page, f"#/item/{item['id']}")
    expect(page.locator("#item-deadline")).to_have_text(shown(item["deadline"]))
    expect(page.locator("#act-reschedule")).to_have_count(0)
    # the rebound's note says who sets the deadline, without a way to a form he lacks
    goto(page, f"#/item/{rebound['id']}")
    expect(page.locator("#item-rebound")).to_have_text(
        f"抽查反弹，临时整改时限 {shown(rebound['deadline'])}，待台账管理员调整时限")
    expect(page.locator("#item-rebound-go")).to_have_count(0)
    expect(page.locator("#act-reschedule")).to_have_count(0)
    # the request the office's form sends, with the supervisor's own token
    answer = page.evaluate("""async (id) => {
        const token = JSON.parse(sessionStorage.getItem('zl-console-session')).token;
        const r = await fetch(`/api/v1/items/${id}/actions/reschedule`, { method: 'POST',
          body: JSON.stringify({ deadline_working_days: 10, note: '调整' }),
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` } });
        return [r.status, (await r.json()).error.code];
    }""", item["id"])
    assert answer == [403, "forbidden"]
    assert seed.item(item["id"])["deadline"] == item["deadline"]


def test_a_rebound_says_so_until_it_is_rescheduled(page, console_live, seed, rebound):
    provisional = rebound["deadline"]
    login(page, console_live, "office")
    goto(page, f"#/item/{rebound['id']}")
    note = page.locator("#item-rebound")
    expect(note).to_contain_text(f"抽查反弹，临时整改时限 {shown(provisional)}，请调整时限")
    expect(page.locator("#timeline .event[data-action=recheck]")).to_contain_text("不合格（反弹）")
    page.click("#item-rebound-go")
    expect(page.locator("#reschedule-deadline")).to_be_focused()
    expect(page.locator("#reschedule-current")).to_have_text(shown(provisional))

    new = working_days(20)
    reason = f"抽查反弹，经与责任单位会商重新核定时限{tag()}"
    page.fill("#reschedule-deadline", new)
    page.locator("#act-reschedule textarea[name=note]").fill(reason)
    with page.expect_request(lambda r: r.url.endswith("/actions/reschedule")) as sent:
        page.locator("#act-reschedule button[type=submit]").click()
    assert sent.value.post_data_json == {"deadline": new, "note": reason}
    expect(page.locator("#item-deadline")).to_have_text(shown(new))
    expect(page.locator("#item-rebound")).to_have_count(0)
    event = page.locator("#timeline .event[data-action=reschedule]")
    expect(event).to_contain_text(f"原时限 {shown(provisional)} → 新时限 {shown(new)}")
    expect(event).to_contain_text(f"调整理由：{reason}")
    # and after a reload, from the item's own events
    page.reload()
    page.wait_for_selector("html[data-ready=console]")
    expect(page.locator("#item-deadline")).to_have_text(shown(new))
    expect(page.locator("#item-rebound")).to_have_count(0)
    assert seed.item(rebound["id"])["deadline"] == new
    assert not csp_violations(page)


def test_the_rebound_rule_reads_the_events(lab):
    """Only the latest re-check counts, only while assigned, and a later reschedule ends it."""
    cases = lab.evaluate("""async () => {
        const { pendingRebound } = await import('/console/views/reschedule.js');
        const ev = (action, result) => ({ action, payload: result ? { result } : {} });
        const fail = ev('recheck', 'fail');
        const item = (status, ...events) => Boolean(pendingRebound({ status, events }));
        return [
          item('assigned', ev('assign'), fail),
          item('assigned', fail, ev('rectified'), ev('verify')),
          item('assigned', fail, ev('reschedule')),
          item('assigned', fail, ev('reschedule'), ev('verify'), fail),
          item('assigned', fail, ev('recheck', 'pass')),
          item('assigned', ev('assign')),
          item('long_term', fail),
          item('closed', fail),
        ];
    }""")
    assert cases == [True, True, False, True, False, False, False, False]
