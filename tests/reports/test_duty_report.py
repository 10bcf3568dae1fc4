"""丈量 report (#15): duty days, attendance, coverage and rotation of a known history.

The clock is frozen at Friday 2026-11-27 (tests/reports/conftest.py). Duty days: every
Friday and the first five working days of the month (11-02 to 11-06; 11-01 is a Sunday).
History, inserted as Visit rows with every field set (local phone day given):

  cadre  @郭老庄 (own)      11-27 twice (counts), 11-03 (counts), 11-10 (counts, not a
                            duty day), 11-13 (outside the radius), 11-20 @三里岗社区 (not own)
  cadre2 @三里岗社区 (own)  10-20 (counts: last visit 5 weeks ago), 11-20 and 11-27 outside
  cadre3 @远郊村 (own)      never: absent, 远郊村 never visited
         @老河村 (own)      06-05 (counts: long before the period, found in all history)
"""

import io
from datetime import date, datetime, timedelta

import pytest
from openpyxl import load_workbook

from server.extensions import db
from server.models import Area, Visit
from server.services.users import create_user
from tests.factories import AREA_LAT, AREA_LON, PASSWORD

URL = "/api/v1/reports/duty"
MONTH_DAYS = ["2026-11-02", "2026-11-03", "2026-11-04", "2026-11-05", "2026-11-06",
              "2026-11-13", "2026-11-20", "2026-11-27"]


def _visit(user_id, area_id, day, hour=9, counts=True, assigned=True, outside=False):
    """A check-in as judged on arrival, at `hour` Beijing time of the 2026 `day`."""
    at = datetime(2026, day[0], day[1], hour) - timedelta(hours=8)
    db.session.add(Visit(user_id=user_id, area_id=area_id, lat=AREA_LAT, lon=AREA_LON,
                         accuracy_m=10.0, note=None, distance_m=900.0 if outside else 50.0,
                         outside_area=outside, at=at, received_at=at, client_id=None,
                         day=date(2026, *day), assigned=assigned, counts=counts, late=False))


@pytest.fixture
def history(app, org):
    """The history of the module docstring; returns the ids by name."""
    with app.app_context():
        far = Area(name="远郊村", kind="village", township_id=org.areas["龙湖镇"],
                   lat=AREA_LAT + 0.05, lon=AREA_LON, radius_m=800)
        old = Area(name="老河村", kind="village", township_id=org.areas["龙湖镇"],
                   lat=AREA_LAT - 0.05, lon=AREA_LON, radius_m=800)
        db.session.add_all([far, old])
        db.session.flush()
        cadre3 = create_user("cadre3", PASSWORD, ["cadre"], "赵三", None, [far.id, old.id]).id
        c, c2 = org.users["cadre"], org.users["cadre2"]
        own, other = org.areas["郭老庄"], org.areas["三里岗社区"]
        _visit(c, own, (11, 27), 8)
        _visit(c, own, (11, 27), 11)
        _visit(c, own, (11, 3))
        _visit(c, own, (11, 10))
        _visit(c, own, (11, 13), counts=False, outside=True)
        _visit(c, other, (11, 20), counts=False, assigned=False)
        _visit(c2, other, (10, 20))
        _visit(c2, other, (11, 20), counts=False, outside=True)
        _visit(c2, other, (11, 27), counts=False, outside=True)
        _visit(cadre3, old.id, (6, 5))
        db.session.commit()
        return {"cadre": c, "cadre2": c2, "cadre3": cadre3, "郭老庄": own, "三里岗社区": other,
                "远郊村": far.id, "老河村": old.id}


def _get(client, auth, query, user="office"):
    """The duty report as JSON."""
    resp = client.get(URL, query_string=query, headers=auth(user))
    assert resp.status_code == 200, resp.get_json()
    return resp


def _by(rows, key):
    """Rows by one of their fields."""
    return {r[key]: r for r in rows}


def test_duty_days_of_a_week_and_of_a_month(client, auth, history):
    week = _get(client, auth, {"week": "2026-W48"}).get_json()
    assert week["period"] == "2026-W48" and week["duty_days"] == ["2026-11-27"]
    month = _get(client, auth, {"month": "2026-11"}).get_json()
    assert month["duty_days"] == MONTH_DAYS and month["asof"] == "2026-11-27"


def test_month_attendance_and_coverage(client, auth, history):
    body = _get(client, auth, {"month": "2026-11"}).get_json()
    assert body["totals"] == {
        "cadres_expected": 3, "cadres_out": 1, "cadre_days_expected": 24, "cadre_days_out": 2,
        "attendance_rate": 0.0833, "areas_total": 4, "areas_covered": 1,
        "coverage_rate": 0.25, "outside_checkins": 4}
    cadres = _by(body["cadres"], "user_id")
    one = cadres[history["cadre"]]
    # 11-27 twice counts once, 11-10 is no duty day, 11-13 outside, 11-20 not own
    assert (one["days_expected"], one["days_out"], one["checkins"], one["outside_checkins"],
            one["areas_assigned"], one["areas_covered"]) == (8, 2, 6, 2, 1, 1)
    two = cadres[history["cadre2"]]
    assert (two["days_out"], two["checkins"], two["outside_checkins"], two["areas_covered"]) \
        == (0, 2, 2, 0)
    three = cadres[history["cadre3"]]
    assert (three["name"], three["areas_assigned"], three["days_out"]) == ("赵三", 2, 0)
    assert {c["township"] for c in body["cadres"]} == {"龙湖镇"}


def test_attendance_per_duty_day(client, auth, history):
    body = _get(client, auth, {"month": "2026-11"}).get_json()
    days = {d["day"]: (d["out"], d["expected"]) for d in body["days"]}
    assert list(days) == MONTH_DAYS and set(e for _, e in days.values()) == {3}
    assert sum(o for o, _ in days.values()) == body["totals"]["cadre_days_out"] == 2
    assert days["2026-11-27"] == (1, 3)   # twice that day, counted once


def test_week_totals(client, auth, history):
    t = _get(client, auth, {"week": "2026-W48"}).get_json()["totals"]
    assert (t["cadres_expected"], t["cadres_out"], t["attendance_rate"], t["areas_covered"],
            t["outside_checkins"]) == (3, 1, 0.3333, 1, 1)


def test_areas_and_the_rotation(client, auth, history):
    areas = _by(_get(client, auth, {"month": "2026-11"}).get_json()["areas"], "area_id")
    assert set(areas) == {history[n] for n in ("郭老庄", "三里岗社区", "远郊村", "老河村")}
    seen = areas[history["郭老庄"]]
    assert (seen["checkins"], seen["last_visit"], seen["weeks_since_visit"],
            seen["overdue_rotation"]) == (4, "2026-11-27", 0, False)
    late = areas[history["三里岗社区"]]
    assert (late["checkins"], late["last_visit"], late["weeks_since_visit"],
            late["overdue_rotation"]) == (0, "2026-10-20", 5, True)
    long_ago = areas[history["老河村"]]
    assert (long_ago["last_visit"], long_ago["weeks_since_visit"],
            long_ago["overdue_rotation"]) == ("2026-06-05", 25, True)   # 175 days
    never = areas[history["远郊村"]]
    assert (never["last_visit"], never["weeks_since_visit"], never["overdue_rotation"]) == \
        (None, None, True)


def test_absent_cadres_and_overdue_areas(client, auth, history):
    body = _get(client, auth, {"week": "2026-W48"}).get_json()
    assert {c["user_id"] for c in body["absent"]} == {history["cadre2"], history["cadre3"]}
    assert body["absent_total"] == 2 and body["overdue_total"] == 3
    assert {a["name"] for a in body["overdue_areas"]} == {"三里岗社区", "远郊村", "老河村"}


def test_definitions_name_each_figure(client, auth, history):
    defs = _by(_get(client, auth, {"week": "2026-W48"}).get_json()["definitions"], "key")
    assert defs["attendance_rate"]["term"] == "到岗率"
    assert "÷" in defs["attendance_rate"]["formula"] and "÷" in defs["coverage_rate"]["formula"]
    assert "4 周" in defs["overdue_rotation"]["text"]


def test_a_month_without_visits(client, auth, org):
    t = _get(client, auth, {"month": "2026-10"}).get_json()["totals"]
    assert (t["cadres_expected"], t["cadres_out"], t["attendance_rate"]) == (2, 0, 0.0)
    assert (t["areas_total"], t["areas_covered"], t["coverage_rate"]) == (2, 0, 0.0)


def test_a_week_without_duty_days_has_no_rate(client, auth, org, app):
    saved = app.config["DUTY_WEEKDAYS"]
    app.config["DUTY_WEEKDAYS"] = "6"   # Saturday, never a working day in 2026-W47
    app.extensions.pop("zl_duty_rule", None)
    try:
        body = _get(client, auth, {"week": "2026-W47"}).get_json()
        assert body["duty_days"] == []
        t = body["totals"]
        assert (t["cadres_expected"], t["attendance_rate"]) == (0, None)
        assert {c["days_expected"] for c in body["cadres"]} == {0}
        html = _get(client, auth, {"week": "2026-W47", "format": "html"}).get_data(
            as_text=True)
        assert "本期截至统计日没有丈量日" in html
    finally:
        app.config["DUTY_WEEKDAYS"] = saved
        app.extensions.pop("zl_duty_rule", None)


def test_printable_page_and_workbook(client, auth, history):
    html = _get(client, auth, {"month": "2026-11", "format": "html"}).get_data(as_text=True)
    assert "2026年11月“用脚步丈量”到岗和覆盖情况" in html and "赵三" in html
    assert "到岗率8.3%" in html and "<script" not in html.lower()
    resp = _get(client, auth, {"month": "2026-11", "format": "xlsx"})
    wb = load_workbook(io.BytesIO(resp.data))
    assert wb.sheetnames == ["说明", "干部到岗", "区域覆盖"]
    assert len(list(wb["干部到岗"].iter_rows(min_row=3))) == 3
    assert len(list(wb["区域覆盖"].iter_rows(min_row=3))) == 4


@pytest.mark.parametrize("kind,key", [("weekly", "week=2026-W48"), ("monthly", "month=2026-11")])
def test_bulletins_carry_the_duty_section(client, auth, history, kind, key):
    base = f"/api/v1/reports/{kind}?{key}"
    body = client.get(base, headers=auth("office")).get_json()
    duty = body["duty"]
    assert duty["totals"]["cadres_out"] == 1 and duty["absent_total"] == 2
    assert {c["name"] for c in duty["absent"]} == {"cadre2", "赵三"}
    assert {a["name"] for a in duty["overdue_areas"]} == {"三里岗社区", "远郊村", "老河村"}
    html = client.get(base + "&format=html", headers=auth("office")).get_data(as_text=True)
    assert "丈量到岗情况" in html and "赵三" in html and "远郊村" in html
    wb = load_workbook(io.BytesIO(client.get(base + "&format=xlsx",
                                             headers=auth("office")).data))
    assert wb.sheetnames[-3:] == ["丈量情况", "未到岗干部", "超期未丈量区域"]


def test_a_township_reader_sees_its_township_only(client, auth, app, history):
    with app.app_context():
        other = Area(name="郭店镇", kind="township", lat=AREA_LAT, lon=AREA_LON + 0.2,
                     radius_m=5000)
        db.session.add(other)
        db.session.flush()
        create_user("town_office", PASSWORD, ["office"], "郭店镇办", township_id=other.id)
        create_user("home_office", PASSWORD, ["office"], "龙湖镇办",
                    township_id=db.session.get(Area, history["郭老庄"]).township_id)
        db.session.commit()
    body = _get(client, auth, {"week": "2026-W48"}, user="town_office").get_json()
    assert (body["cadres"], body["areas"], body["totals"]["attendance_rate"],
            body["totals"]["coverage_rate"]) == ([], [], None, None)
    home = _get(client, auth, {"week": "2026-W48"}, user="home_office").get_json()
    assert home["totals"] == _get(client, auth, {"week": "2026-W48"}).get_json()["totals"]


@pytest.mark.parametrize("user", ["cadre", "handler"])
def test_others_are_refused(client, auth, org, user):
    resp = client.get(URL, query_string={"week": "2026-W48"}, headers=auth(user))
    assert resp.status_code == 403 and resp.get_json()["error"]["code"] == "forbidden"


@pytest.mark.parametrize("query,code", [
    ({"week": "2026-48"}, "bad_period"), ({"month": "2026-13"}, "bad_period"),
    ({"week": "2026-W49"}, "future_period"), ({}, None),
    ({"week": "2026-W48", "month": "2026-11"}, None), ({"week": "2026-W48", "x": "1"}, None)])
def test_bad_periods_are_422(client, auth, org, query, code):
    resp = client.get(URL, query_string=query, headers=auth("office"))
    assert resp.status_code == 422, resp.get_json()
    if code:
        assert resp.get_json()["error"]["code"] == code
