"""/me's duty section on a known history (Beijing times of November 2026, the clock
shifted to each check-in and to "today"). November 2026: the 1st is a Sunday, so the
丈量周 is 11-02..11-06 and the Fridays are 6, 13, 20 and 27.
"""

from datetime import UTC, datetime

import pytest

from server.clock import shifted
from server.extensions import db
from server.models import Area, Assignment
from tests.api.test_visits import checkin, local


def me_at(client, auth, user, when: datetime) -> dict:
    """/me's duty as `user` sees it at `when` (naive UTC)."""
    header = auth(user)
    with shifted(when - datetime.now(UTC).replace(tzinfo=None)):
        resp = client.get("/api/v1/me", headers=header)
    assert resp.status_code == 200, resp.get_json()
    return resp.get_json()["duty"]


def _area(name: str, township_id: int, lat: float, lon: float, *user_ids) -> int:
    """A new village assigned to these users; its id."""
    area = Area(name=name, kind="village", township_id=township_id, lat=lat, lon=lon,
                radius_m=600)
    db.session.add(area)
    db.session.flush()
    db.session.add_all(Assignment(user_id=u, area_id=area.id) for u in user_ids)
    db.session.commit()
    return area.id


@pytest.fixture
def month(app, org):
    """The cadre holds 郭老庄, 祥和路 (with cadre2) and 新村 (nobody has been there)."""
    with app.app_context():
        users, areas = org.users, org.areas
        cadre, cadre2, gll = users["cadre"], users["cadre2"], areas["郭老庄"]
        road = _area("祥和路", areas["龙湖镇"], 34.471, 113.723, cadre, cadre2)
        new = _area("新村", areas["龙湖镇"], 34.480, 113.700, cadre)
        checkin(cadre, gll, local(10, 20))                    # last month
        checkin(cadre, gll, local(11, 2, 9))
        checkin(cadre, gll, local(11, 2, 15))                  # twice on one day: once
        checkin(cadre, gll, local(11, 3, 9), dlat=0.05)       # 5 km away: not out
        checkin(cadre, areas["三里岗社区"], local(11, 4, 9))  # not the cadre's area
        checkin(cadre, gll, local(11, 6, 9), dlat=0.0075, accuracy=60)  # 834 m, 800+60
        checkin(cadre, gll, local(11, 11, 9))                  # a Wednesday
        checkin(cadre2, road, local(11, 13, 10))
        return {"gll": gll, "road": road, "new": new}


def test_a_cadres_month_and_areas(client, auth, month):
    duty = me_at(client, auth, "cadre", local(11, 20, 18))
    assert (duty["today"], duty["is_duty_day"], duty["in_duty_week"], duty["next_duty_day"]) \
        == ("2026-11-20", True, False, "2026-11-20")
    assert duty["rotation_weeks"] == 4
    assert duty["month"] == {
        "month": "2026-11", "days_expected": 7, "days_out": 2, "areas_assigned": 3,
        "areas_covered": 1,
        "duty_days": ["2026-11-02", "2026-11-03", "2026-11-04", "2026-11-05", "2026-11-06",
                      "2026-11-13", "2026-11-20"]}
    assert duty["areas"] == [
        {"area_id": month["gll"], "last_visit": "2026-11-11", "my_last_visit": "2026-11-11",
         "weeks_since_visit": 1, "due": False},
        {"area_id": month["road"], "last_visit": "2026-11-13", "my_last_visit": None,
         "weeks_since_visit": 1, "due": False},
        {"area_id": month["new"], "last_visit": None, "my_last_visit": None,
         "weeks_since_visit": None, "due": True}]


def test_the_day_and_the_next_duty_day(client, auth, month):
    wednesday = me_at(client, auth, "cadre", local(11, 18, 9))
    assert (wednesday["is_duty_day"], wednesday["in_duty_week"],
            wednesday["next_duty_day"]) == (False, False, "2026-11-20")
    tuesday = me_at(client, auth, "cadre", local(11, 3, 12))
    assert (tuesday["is_duty_day"], tuesday["in_duty_week"], tuesday["next_duty_day"]) \
        == (True, True, "2026-11-03")
    assert tuesday["month"]["duty_days"] == ["2026-11-02", "2026-11-03"]
    assert (tuesday["month"]["days_out"], tuesday["month"]["areas_covered"]) == (1, 1)
    # 07:30 in Beijing on 11-02 is still 11-01 in UTC: the day is the local one
    early = me_at(client, auth, "cadre", local(11, 2, 7, 30))
    assert (early["today"], early["is_duty_day"], early["month"]["month"],
            early["month"]["duty_days"]) == ("2026-11-02", True, "2026-11", ["2026-11-02"])


def test_rotation_is_due_after_four_weeks(client, auth, app, org):
    with app.app_context():
        checkin(org.users["cadre"], org.areas["郭老庄"], local(10, 23, 9))
        checkin(org.users["cadre2"], org.areas["三里岗社区"], local(10, 24, 9))
    (gll,) = me_at(client, auth, "cadre", local(11, 20, 18))["areas"]
    assert (gll["last_visit"], gll["weeks_since_visit"], gll["due"]) \
        == ("2026-10-23", 4, True)
    (slg,) = me_at(client, auth, "cadre2", local(11, 20, 18))["areas"]
    assert (slg["last_visit"], slg["weeks_since_visit"], slg["due"]) == ("2026-10-24", 3, False)
    # a check-in that does not count (outside the area) leaves the rotation due
    with app.app_context():
        checkin(org.users["cadre"], org.areas["郭老庄"], local(11, 19, 9), dlat=0.05)
    assert me_at(client, auth, "cadre", local(11, 20, 18))["areas"][0]["due"] is True


def test_only_cadres_have_a_duty(client, auth, org):
    for user in ("office", "supervisor", "handler", "admin"):
        assert client.get("/api/v1/me", headers=auth(user)).get_json()["duty"] is None
    duty = client.get("/api/v1/me", headers=auth("cadre")).get_json()["duty"]
    assert duty["areas"] == [{"area_id": org.areas["郭老庄"], "last_visit": None,
                              "my_last_visit": None, "weeks_since_visit": None, "due": True}]
