"""今日丈量 with the duty (issue #15, field app): own areas nearest first with their last
visit and 待丈量 mark, other areas folded away, the duty line from /me, a far check-in and
one at an area not the cadre's own saved but warned (不计入到岗, with the distance), a
refused location permission explained with 重试, 我的丈量 counting an offline check-in,
and the phone's copy of the out rule (capture/geo.js) against sync.duty.counts_as_out.

A server of this module's own: the cadres made here must not change the demo the other
modules count on. Phone 390×844.
"""

import uuid
from datetime import date

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from server.extensions import db
from server.models import Visit
from sync.duty import counts_as_out
from sync.geo import haversine_m
from tests.browser.conftest import token_for
from tests.browser.helpers import go, login, page_of, wait_all_synced
from tests.browser.liveserver import PASSWORD, LiveServer
from tests.browser.loop import call

FAR_DEG = 8900 / 111195.08  # 8.9 km north, on the sphere of sync/geo.py
WEEKDAYS = "一二三四五六日"


@pytest.fixture(scope="module")
def srv(tmp_path_factory):
    """The production server over a demo database of this module's own."""
    server = LiveServer(tmp_path_factory.mktemp("duty")).setup().start()
    yield server
    server.stop()


def _me(server, username):
    return call(server, "GET", "/api/v1/me", token=token_for(server, username))


def _cadre(server, areas) -> str:
    """A new cadre assigned to `areas`; their username."""
    name = f"duty{uuid.uuid4().hex[:6]}"
    call(server, "POST", "/api/v1/admin/users", {
        "username": name, "password": PASSWORD, "name": "孙丈量", "roles": ["cadre"],
        "area_ids": [a["id"] for a in areas]}, token_for(server, "admin"))
    return name


def _phone(launch, position, accuracy=12.0):
    page = page_of(launch(f"p{uuid.uuid4().hex[:6]}", position=position, accuracy=accuracy))
    page.set_viewport_size({"width": 390, "height": 844})
    return page


def _field_areas(server):
    return [a for a in _me(server, "cadre")["areas"] if a["kind"] != "township" and a["lat"]]


def _date(ymd):
    y, m, d = (int(x) for x in ymd.split("-"))
    return f"{m}月{d}日"


def _card(page, area):
    return page.locator(f".card.area[data-area='{area['id']}']")


def test_own_areas_nearest_first_others_folded_duty_line(srv, launch):
    me = _me(srv, "cadre")
    areas = [a for a in me["areas"] if a["kind"] != "township"]
    mine = [a for a in areas if a["assigned"]]
    here = (mine[-1]["lat"] + 0.001, mine[-1]["lon"])
    page = _phone(launch, here)
    login(page, srv)

    want = sorted(mine, key=lambda a: haversine_m(here[0], here[1], a["lat"], a["lon"]))
    own = page.locator(".areas > ul.list > .card.area")
    expect(own).to_have_count(len(mine))
    expect(own.first).to_contain_text("距您")
    assert [int(x) for x in own.evaluate_all("els => els.map((e) => e.dataset.area)")] == \
        [a["id"] for a in want]
    others = page.locator("details.others")
    expect(others).not_to_have_attribute("open", "")
    expect(others.locator("summary")).to_have_text(f"其他区域（{len(areas) - len(mine)} 个）")
    expect(others.locator(".card.area")).to_have_count(len(areas) - len(mine))
    expect(others.locator(".card.area").first).to_be_hidden()

    duty = me["duty"]
    line = page.locator(".duty-line")
    expect(line).to_contain_text("今天是丈量日" if duty["is_duty_day"] else "今天不是丈量日")
    if duty["in_duty_week"]:
        expect(line).to_contain_text("本周是丈量周")
    nxt = duty["next_duty_day"]
    if nxt and nxt != duty["today"]:
        w = WEEKDAYS[date.fromisoformat(nxt).weekday()]
        expect(line).to_contain_text(f"下一个丈量日：{_date(nxt)}（周{w}）")
    for row in duty["areas"]:
        card = _card(page, {"id": row["area_id"]})
        last = f"上次丈量：{_date(row['last_visit'])}" if row["last_visit"] else "从未丈量"
        expect(card.locator(".last-visit")).to_have_text(last)
        expect(card.locator(".chip.due")).to_have_count(1 if row["due"] else 0)
    m = duty["month"]
    panel = page.locator(".card.mine")
    expect(panel.locator(".mine-days")).to_have_text(
        f"到岗 {m['days_out']} / {m['days_expected']} 天")
    expect(panel.locator(".mine-areas")).to_have_text(
        f"覆盖分包区域 {m['areas_covered']} / {m['areas_assigned']} 个")


def test_far_and_not_own_checkins_saved_and_warned(srv, launch, server_db):
    field = _field_areas(srv)
    own, other = field[0], field[1]
    user = _cadre(srv, [own])
    far = (own["lat"] + FAR_DEG, own["lon"])
    page = _phone(launch, far)
    login(page, srv, user)

    card = _card(page, own)
    card.locator("[data-action=checkin]").click()
    why = "距区域中心 8.9 公里，超出范围，不计入到岗"
    expect(page.locator(".toast.warn")).to_contain_text(why)
    expect(card.locator(".verdict")).to_have_text(why)
    expect(card.locator(".ok")).to_have_count(0)

    page.context.set_geolocation({"latitude": other["lat"], "longitude": other["lon"],
                                  "accuracy": 12})
    page.click("details.others > summary")
    other_card = _card(page, other)
    other_card.locator("[data-action=checkin]").click()
    expect(other_card.locator(".verdict")).to_have_text("非分包区域，不计入到岗")
    expect(page.locator(".card.mine .mine-days")).to_contain_text("到岗 0 /")
    wait_all_synced(page, 2)
    go(page, "today")
    expect(page.locator("details.others")).to_have_attribute("open", "")
    expect(_card(page, own).locator(".verdict")).to_have_text(why)  # the server's verdict now
    go(page, "records")   # 我的上报 says it too
    checkins = page.locator(".card.record", has_text="现场签到")
    expect(checkins.locator(".verdict")).to_have_text(["非分包区域，不计入到岗", why])

    with server_db(srv):
        visits = db.session.execute(
            select(Visit).order_by(Visit.id.desc()).limit(2)).scalars().all()
        got = {v.area_id: (v.counts, v.assigned, round(v.distance_m or 0)) for v in visits}
    assert got == {own["id"]: (False, True, 8900), other["id"]: (False, False, 0)}


def test_mine_counts_an_offline_checkin(srv, launch):
    field = _field_areas(srv)
    a, b = field[2], field[3]
    user = _cadre(srv, [a, b])
    duty = _me(srv, user)["duty"]
    assert duty["month"]["days_out"] == 0 and duty["month"]["areas_covered"] == 0
    page = _phone(launch, (a["lat"], a["lon"]), accuracy=2000)
    login(page, srv, user)
    panel = page.locator(".card.mine")
    expected = duty["month"]["days_expected"]
    expect(panel.locator(".mine-days")).to_have_text(f"到岗 0 / {expected} 天")
    expect(panel.locator(".mine-areas")).to_have_text("覆盖分包区域 0 / 2 个")

    page.context.set_offline(True)
    card = _card(page, a)
    card.locator("[data-action=checkin]").click()
    poor = "定位精度 ±2000 米，超过区域范围"
    expect(card.locator(".verdict")).to_have_text(poor)  # counts: inside, a poor fix
    out = 1 if duty["is_duty_day"] else 0
    expect(panel.locator(".mine-days")).to_have_text(f"到岗 {out} / {expected} 天")
    expect(panel.locator(".mine-areas")).to_have_text("覆盖分包区域 1 / 2 个")
    expect(panel.locator(".mine-pending")).to_have_text("含本机未同步的签到 1 次")
    expect(card.locator(".last-visit")).to_have_text(f"上次丈量：{_date(duty['today'])}")
    expect(card.locator(".chip.due")).to_have_count(0)

    page.context.set_offline(False)
    wait_all_synced(page, 1)
    go(page, "today")
    expect(panel.locator(".mine-pending")).to_have_count(0)
    expect(panel.locator(".mine-areas")).to_have_text("覆盖分包区域 1 / 2 个")
    server = _me(srv, user)["duty"]["month"]
    assert (server["days_out"], server["areas_covered"]) == (out, 1)


def test_location_refused_says_how_to_allow_it(srv, launch):
    ctx = launch(f"p{uuid.uuid4().hex[:6]}")  # no geolocation permission
    page = page_of(ctx)
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, srv)
    problem = page.locator(".geo-problem")
    expect(problem).to_contain_text("没有允许本网站使用位置信息")
    expect(problem).to_contain_text("请在浏览器或系统设置中允许本网站使用位置信息")
    expect(page.locator(".geo-state", has_text="正在获取定位")).to_have_count(0)
    problem.locator("[data-action=retry-fix]").click()  # still refused: still explained
    expect(page.locator(".geo-problem[data-geo=denied]")).to_be_visible()
    # allowed in the settings: the app notices and locates without another tap
    spot = _field_areas(srv)[0]
    ctx.set_geolocation({"latitude": spot["lat"], "longitude": spot["lon"], "accuracy": 10})
    ctx.grant_permissions(["geolocation"], origin=srv.url)
    expect(page.locator(".geo-problem")).to_have_count(0)
    expect(page.locator(".card.area").first).to_contain_text("距您")


CASES = [  # distance, radius, accuracy
    (0.0, 500, None), (500.0, 500, None), (500.1, 500, None), (520.0, 500, 20.0),
    (520.1, 500, 20.0), (900.0, 500, -50.0), (510.0, 500, -50.0), (10.0, None, 5.0),
    (None, 500, 5.0), (None, None, None), (8900.0, 500, 12.0), (8900.0, 500, 9000.0),
    (0.0, 0, 0.0), (1.0, 0, 0.0), (1.0, 0, 1.0), (499.9, 500, 0.0),
]


def test_js_counts_as_out_is_the_rule(srv, launch):
    page = page_of(launch("lab"))
    page.goto(srv.url + "/precache.json")
    got = page.evaluate("""async (rows) => {
      const { countsAsOut } = await import('/js/capture/geo.js');
      return rows.map(([d, r, a]) => countsAsOut(d, r, a));
    }""", CASES)
    assert got == [counts_as_out(d, r, a) for d, r, a in CASES]
    assert True in got and False in got

    area = {"lat": 34.396, "lon": 113.738, "radius_m": 600}
    fixes = [(34.396, 113.738, 5.0), (34.4014, 113.738, 12.0), (34.4016, 113.738, 12.0),
             (34.5, 113.9, 30.0), (34.4, 113.74, None), (34.40, 113.738, 2000.0)]
    judged = page.evaluate("""async ([area, fixes]) => {
      const { judgeCheckIn } = await import('/js/capture/geo.js');
      return fixes.flatMap(([lat, lon, acc]) => [true, false].map((assigned) => {
        const v = judgeCheckIn({ ...area, assigned }, { lat, lon, accuracy_m: acc });
        return [v.distanceM, v.counts, v.poorFix];
      }));
    }""", [area, fixes])
    want = []
    for lat, lon, acc in fixes:
        d = round(haversine_m(area["lat"], area["lon"], lat, lon), 1)
        for assigned in (True, False):
            want.append([d, assigned and counts_as_out(d, area["radius_m"], acc),
                         acc is not None and acc > area["radius_m"]])
    assert judged == want
    assert [w[1] for w in want].count(True) >= 2


KEPT = {  # /me's duty as kept on the phone, answered on Thursday 3 December 2026
    "today": "2026-12-03", "is_duty_day": False, "in_duty_week": False,
    "next_duty_day": "2026-12-04", "rotation_weeks": 4,
    "month": {"month": "2026-12", "duty_days": ["2026-12-01", "2026-12-02"],
              "days_expected": 2, "days_out": 1, "areas_assigned": 2, "areas_covered": 1},
    "areas": [{"area_id": 1, "last_visit": "2026-11-06", "my_last_visit": "2026-12-01",
               "weeks_since_visit": 3, "due": False},
              {"area_id": 2, "last_visit": None, "my_last_visit": None,
               "weeks_since_visit": None, "due": True}]}
AREAS = [{"id": 1, "lat": 34.4, "lon": 113.7, "radius_m": 500, "assigned": True},
         {"id": 2, "lat": 34.5, "lon": 113.8, "radius_m": 500, "assigned": True}]


def test_a_kept_duty_of_an_earlier_day_is_recomputed(srv, launch):
    """Offline the next day: the kept answer's next duty day is today; a day after it
    nothing is known; the rotation and 我的丈量 count from the phone's day and records."""
    page = page_of(launch("lab"))
    page.goto(srv.url + "/precache.json")
    friday = "2026-12-04"
    records = [{"type": "visit.checkin", "state": "pending", "at": "2026-12-04T02:00:00Z",
                "payload": {"area_id": 2, "lat": 34.5, "lon": 113.8, "accuracy_m": 10}},
               {"type": "visit.checkin", "state": "pending", "at": "2026-12-04T03:00:00Z",
                "payload": {"area_id": 1, "lat": 34.6, "lon": 113.7, "accuracy_m": 10}}]
    got = page.evaluate("""async ([duty, areas, records, days]) => {
      const d = await import('/js/views/duty.js');
      const byId = new Map(areas.map((a) => [a.id, a]));
      const line = (day) => d.dutyLine(duty, day).textContent;
      return { lines: days.map(line),
        due: [...d.areaDuty(duty, [], byId, days[1])].map(([id, a]) => [id, a.lastVisit, a.due]),
        dueAfter: [...d.areaDuty(duty, records, byId, days[1])].map(([id, a]) => [id, a.due]),
        month: d.monthFigures(duty, records, byId, days[1]) };
    }""", [KEPT, AREAS, records, ["2026-12-03", friday, "2026-12-07"]])
    dec4 = "12月4日" if date.today().year == 2026 else "2026年12月4日"
    assert got["lines"] == [f"今天不是丈量日下一个丈量日：{dec4}（周五）", "今天是丈量日",
                            "丈量日安排要联网后更新"]
    assert got["due"] == [[1, "2026-11-06", True], [2, None, True]]  # 4 weeks on Friday
    assert got["dueAfter"] == [[1, True], [2, False]]  # the far one does not count
    assert got["month"] == {"month": "2026-12", "daysExpected": 3, "daysOut": 2, "pending": 2,
                            "areasAssigned": 2, "areasCovered": 2}
