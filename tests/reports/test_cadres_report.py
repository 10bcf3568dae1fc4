"""评价考核 (#15): GET /api/v1/reports/cadres against a hand-built history, on both databases.

The clock is frozen on Friday 2026-11-27 (tests/reports/conftest.py). The ledger is that
of tests/reports/scenario.py: `cadre` reported nine problems in November (A B C D E F G H I):
F rejected, H merged into B (assigned), E and I still new, C and D closed in November.
Check-ins (local phone day; all at the cadre's own area unless said otherwise):

  cadre  (住建局)  10-02 (National Day holiday, a Friday: no duty day), 10-09 twice,
                   10-10 (a make-up working Saturday, among October's first five working
                   days: a duty day), 10-16 outside the radius; 11-03, 11-27
  cadre2 (住建局)  09-04, 09-25 (Mid-Autumn holiday, a Friday: no duty day); 11-20
  赵三   (城管局)  never; two areas

Duty days of 2026-B5 (September and October): 09-01 02 03 04 07 11 18 and 10-08 09 10 12
13 16 23 30 (15); of November up to the 27th: 11-02 to 11-06, 11-13, 11-20, 11-27 (8).
"""

import io

import pytest
from openpyxl import load_workbook

from server.extensions import db
from server.models import Area, User
from server.services.users import create_user
from tests.factories import AREA_LAT, AREA_LON, PASSWORD
from tests.reports.test_duty_report import _visit

URL = "/api/v1/reports/cadres"
B5_DAYS = ["2026-09-01", "2026-09-02", "2026-09-03", "2026-09-04", "2026-09-07",
           "2026-09-11", "2026-09-18", "2026-10-08", "2026-10-09", "2026-10-10",
           "2026-10-12", "2026-10-13", "2026-10-16", "2026-10-23", "2026-10-30"]


@pytest.fixture
def history(app, org, ledger):
    """The check-ins and units of the module docstring; returns the ids by name."""
    with app.app_context():
        far = Area(name="远郊村", kind="village", township_id=org.areas["龙湖镇"],
                   lat=AREA_LAT + 0.05, lon=AREA_LON, radius_m=800)
        old = Area(name="老河村", kind="village", township_id=org.areas["龙湖镇"],
                   lat=AREA_LAT - 0.05, lon=AREA_LON, radius_m=800)
        db.session.add_all([far, old])
        db.session.flush()
        three = create_user("cadre3", PASSWORD, ["cadre"], "赵三", org.units["城管局"],
                            [far.id, old.id]).id
        c, c2 = org.users["cadre"], org.users["cadre2"]
        for user in (c, c2):
            db.session.get(User, user).unit_id = org.units["住建局"]
        own, own2 = org.areas["郭老庄"], org.areas["三里岗社区"]
        for day in [(10, 2), (10, 9), (10, 10), (11, 3), (11, 27)]:
            _visit(c, own, day)
        _visit(c, own, (10, 9), 15)
        _visit(c, own, (10, 16), counts=False, outside=True)
        for day in [(9, 4), (9, 25), (11, 20)]:
            _visit(c2, own2, day)
        db.session.commit()
        return {"cadre": c, "cadre2": c2, "cadre3": three, **ledger}


def _get(client, auth, query, user="office"):
    """The report's answer, which must be 200."""
    resp = client.get(URL, query_string=query, headers=auth(user))
    assert resp.status_code == 200, resp.get_json()
    return resp


def _by(rows, key="user_id"):
    """Rows by one of their fields."""
    return {r[key]: r for r in rows}


def _figures(row, *keys):
    """Some fields of a row, in order."""
    return tuple(row[k] for k in keys)


def test_duty_days_across_a_holiday_and_a_make_up_day(client, auth, history):
    body = _get(client, auth, {"bimonth": "2026-B5"}).get_json()
    assert body["duty_days"] == B5_DAYS and body["title"] == "2026年9—10月"
    cadres = _by(body["cadres"])
    # 10-02 and 09-25 are holidays, 10-09 twice counts once, 10-10 (a Saturday worked) counts
    assert _figures(cadres[history["cadre"]], "days_expected", "days_out", "checkins",
                    "outside_checkins") == (15, 2, 5, 1)
    assert _figures(cadres[history["cadre2"]], "days_expected", "days_out") == (15, 1)
    assert _figures(cadres[history["cadre3"]], "days_out", "areas_assigned",
                    "areas_covered") == (0, 2, 0)


def test_days_out_are_the_duty_reports(client, auth, history):
    """The same cadres, days and areas as GET /reports/duty of the same month."""
    duty = _by(client.get("/api/v1/reports/duty?month=2026-11",
                          headers=auth("office")).get_json()["cadres"])
    mine = _by(_get(client, auth, {"month": "2026-11"}).get_json()["cadres"])
    keys = ("name", "township", "days_expected", "days_out", "areas_assigned",
            "areas_covered", "checkins", "outside_checkins", "reports")
    assert {u: _figures(r, *keys) for u, r in mine.items()} == \
        {u: _figures(r, *keys) for u, r in duty.items()}


def test_reports_accepted_rejected_merged_and_closed(client, auth, history):
    cadres = _by(_get(client, auth, {"month": "2026-11"}).get_json()["cadres"])
    one = cadres[history["cadre"]]
    # nine reports: F rejected; H merged into B counts as accepted; E and I wait for triage
    assert _figures(one, "reports", "reports_accepted", "reports_rejected",
                    "reports_pending", "items_closed") == (9, 8, 1, 2, 2)
    assert one["acceptance_rate"] == 0.8889
    assert _figures(cadres[history["cadre2"]], "reports", "reports_accepted",
                    "acceptance_rate", "items_closed") == (0, 0, None, 0)
    october = _by(_get(client, auth, {"month": "2026-10"}).get_json()["cadres"])
    assert _figures(october[history["cadre"]], "reports", "items_closed") == (0, 0)


def test_the_formula_and_every_number_behind_the_score(client, auth, history):
    body = _get(client, auth, {"month": "2026-11"}).get_json()
    assert body["formula"] == "得分 = 到岗率×50 + 覆盖率×30 + 上报采纳率×20"
    assert [(w["rate"], w["weight"]) for w in body["weights"]] == [
        ("attendance_rate", 50), ("coverage_rate", 30), ("acceptance_rate", 20)]
    rows = _by(body["cadres"])
    one, two, three = (rows[history[k]] for k in ("cadre", "cadre2", "cadre3"))
    # 2/8 = 0.25 -> 12.50; 1/1 -> 30.00; 8/9 = 0.8889 -> 17.78
    assert _figures(one, "attendance_rate", "coverage_rate", "acceptance_rate") == \
        (0.25, 1.0, 0.8889)
    assert one["points"] == {"attendance_rate": 12.5, "coverage_rate": 30.0,
                             "acceptance_rate": 17.78} and one["score"] == 60.28
    # no report: 上报采纳率 is — and scores 0
    assert two["points"] == {"attendance_rate": 6.25, "coverage_rate": 30.0,
                             "acceptance_rate": 0.0} and two["score"] == 36.25
    assert (three["score"], three["coverage_rate"]) == (0.0, 0.0)
    assert [(c["name"], c["rank"]) for c in body["cadres"]] == [
        ("cadre", 1), ("cadre2", 2), ("赵三", 3)]
    defs = _by(body["definitions"], "key")
    assert defs["score"]["formula"] == body["formula"] and "÷" in defs["acceptance_rate"][
        "formula"]
    assert any("计 0 分" in rule for rule in body["rules"])


def test_equal_cadres_share_a_place(client, auth, org):
    body = _get(client, auth, {"month": "2026-10"}).get_json()
    assert [(c["score"], c["rank"]) for c in body["cadres"]] == [(0.0, 1), (0.0, 1)]


def test_townships_and_units_pooled_and_sample_too_small(client, auth, history, min_sample):
    body = _get(client, auth, {"month": "2026-11"}).get_json()
    assert body["min_sample"] == 5
    (town,) = body["townships"]
    assert (town["name"], town["cadres"], town["rank"], town["score"]) == ("龙湖镇", 3, None,
                                                                          None)
    assert town["note"] == "样本不足：干部 3 人，少于 5 人，不参加排名"
    min_sample(2)
    body = _get(client, auth, {"month": "2026-11"}).get_json()
    units = _by(body["units"], "name")
    big = units["住建局"]
    # (2 + 1) / 16 = 0.1875 -> 9.38; 2/2 -> 30; 8/9 -> 17.78
    assert _figures(big, "cadres", "days_expected", "days_out", "attendance_rate",
                    "reports", "reports_accepted", "items_closed", "rank", "score") == \
        (2, 16, 3, 0.1875, 9, 8, 2, 1, 57.16)
    small = units["城管局"]
    assert (small["rank"], small["score"], small["cadres"]) == (None, None, 1)
    assert small["note"].startswith("样本不足：干部 1 人，少于 2 人")
    assert [u["name"] for u in body["units"]] == ["住建局", "城管局"]
    (town,) = body["townships"]
    assert (town["rank"], town["score"]) == (1, body["totals"]["score"])
    assert _figures(body["totals"], "cadres", "days_expected", "days_out", "areas_assigned",
                    "areas_covered") == (3, 24, 3, 4, 2)


def test_cadres_without_a_unit_are_listed_not_ranked(client, auth, org, min_sample):
    min_sample(1)
    (group,) = _get(client, auth, {"year": "2026"}).get_json()["units"]
    assert (group["id"], group["name"], group["cadres"], group["rank"]) == \
        (None, "未填写单位", 2, None)
    assert "不参加排名" in group["note"]


@pytest.mark.parametrize("query,title", [
    ({"quarter": "2026-Q4"}, "2026年第四季度"), ({"half": "2026-H2"}, "2026年下半年"),
    ({"year": "2026"}, "2026年度"), ({"bimonth": "2026-B6"}, "2026年11—12月")])
def test_every_period_kind(client, auth, history, query, title):
    body = _get(client, auth, query).get_json()
    assert body["title"] == title and body["asof"] == "2026-11-27" and not body["complete"]
    one = _by(body["cadres"])[history["cadre"]]
    assert one["reports"] == 9
    assert one["days_out"] == {"2026年第四季度": 4, "2026年下半年": 4, "2026年度": 4,
                               "2026年11—12月": 2}[title]


def test_a_township_reader_sees_its_township_only(client, auth, app, org, history):
    with app.app_context():
        other = Area(name="郭店镇", kind="township", lat=AREA_LAT, lon=AREA_LON + 0.2)
        db.session.add(other)
        db.session.flush()
        create_user("town_office", PASSWORD, ["office"], "郭店镇办", township_id=other.id)
        create_user("home_super", PASSWORD, ["supervisor"], "龙湖镇督导",
                    township_id=org.areas["龙湖镇"])
        db.session.commit()
    away = _get(client, auth, {"month": "2026-11"}, user="town_office").get_json()
    assert (away["cadres"], away["townships"], away["units"], away["totals"]["cadres"]) == \
        ([], [], [], 0)
    assert away["totals"]["attendance_rate"] is None
    html = _get(client, auth, {"month": "2026-11", "format": "html"}, user="town_office")
    assert "本期没有参加评价的干部" in html.get_data(as_text=True)
    wb = load_workbook(io.BytesIO(_get(client, auth, {"month": "2026-11", "format": "xlsx"},
                                       user="town_office").data))
    assert wb["干部评价"].max_row == 2   # the title and the header row
    home = _get(client, auth, {"month": "2026-11"}, user="home_super").get_json()
    assert home["cadres"] == _get(client, auth, {"month": "2026-11"}).get_json()["cadres"]


@pytest.mark.parametrize("user", ["cadre", "handler"])
def test_others_are_refused(client, auth, org, user):
    resp = client.get(URL, query_string={"month": "2026-11"}, headers=auth(user))
    assert resp.status_code == 403 and resp.get_json()["error"]["code"] == "forbidden"


@pytest.mark.parametrize("query,code", [
    ({"bimonth": "2026-B7"}, "bad_period"), ({"half": "2026-H3"}, "bad_period"),
    ({"year": "26"}, "bad_period"), ({"year": "2027"}, "future_period"),
    ({"month": "2026-12"}, "future_period"), ({}, None),
    ({"month": "2026-11", "year": "2026"}, None), ({"week": "2026-W48"}, None),
    ({"year": "2026", "format": "pdf"}, None)])
def test_bad_queries_are_422(client, auth, org, query, code):
    resp = client.get(URL, query_string=query, headers=auth("office"))
    assert resp.status_code == 422, resp.get_json()
    if code:
        assert resp.get_json()["error"]["code"] == code


def test_printable_page(client, auth, history):
    html = _get(client, auth, {"month": "2026-11", "format": "html"}).get_data(as_text=True)
    assert "2026年11月干部“用脚步丈量”评价考核情况" in html and "<script" not in html.lower()
    assert "得分 = 到岗率×50 + 覆盖率×30 + 上报采纳率×20" in html
    assert "赵三" in html and "样本不足" in html and "60.28" in html and "88.89%" in html
    assert "附：统计口径" in html


def test_workbook(client, auth, history):
    resp = _get(client, auth, {"month": "2026-11", "format": "xlsx"})
    assert "attachment" in resp.headers["Content-Disposition"]
    wb = load_workbook(io.BytesIO(resp.data))
    assert wb.sheetnames == ["说明", "干部评价", "乡镇（街道）", "单位"]
    rows = list(wb["干部评价"].iter_rows(min_row=2, values_only=True))
    head, first = rows[0], rows[1]
    row = dict(zip(head, first, strict=True))
    assert (row["名次"], row["干部"], row["单位"], row["上报数"], row["采纳数"],
            row["得分"]) == (1, "cadre", "住建局", 9, 8, 60.28)
    assert row["上报采纳率"] == pytest.approx(0.8889) and row["采纳率得分"] == 17.78
    assert len(rows) == 4
    none = dict(zip(head, rows[2], strict=True))
    assert none["上报采纳率"] == "—"
    units = list(wb["单位"].iter_rows(min_row=3, values_only=True))
    assert [(u[0], u[1]) for u in units] == [("样本不足", "住建局"), ("样本不足", "城管局"),
                                             (None, "合计")]
    notes = [r[1] for r in wb["说明"].iter_rows(min_row=3, values_only=True)]
    assert "得分 = 到岗率×50 + 覆盖率×30 + 上报采纳率×20" in notes

