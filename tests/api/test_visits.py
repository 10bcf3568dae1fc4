"""GET /api/v1/visits: check-ins readable in the caller's scope, filtered, paged, newest
first, each with the reports its cadre made there that day. History is made through the
real check-in service with the clock shifted to each phone time (Beijing times of 2026).
"""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event

from server.clock import shifted
from server.extensions import db
from server.models import Area, User
from server.services.checkins import check_in
from server.services.intake import create_report
from server.services.users import create_user
from tests.factories import PASSWORD

BEIJING = timedelta(hours=8)


def local(month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    """A Beijing time of 2026 as the naive UTC time the server stores."""
    return datetime(2026, month, day, hour, minute) - BEIJING


def checkin(user_id: int, area_id: int, when: datetime, dlat: float = 0.0,
            accuracy: float = 10.0, note: str | None = None,
            arrive: datetime | None = None) -> int:
    """A check-in made at `when` (naive UTC), received then or at `arrive`; its id."""
    with shifted((arrive or when) - datetime.now(UTC).replace(tzinfo=None)):
        area = db.session.get(Area, area_id)
        visit = check_in(db.session.get(User, user_id), {
            "area_id": area_id, "lat": area.lat + dlat, "lon": area.lon,
            "accuracy_m": accuracy, "note": note, "client_at": when})
        db.session.commit()
        return visit.id


def report_at(user_id: int, area_id: int, when: datetime, n: int,
              visit_id: int | None = None) -> tuple[int, int]:
    """A report made at `when` at a spot of its own in the area; (report id, item id)."""
    with shifted(when - datetime.now(UTC).replace(tzinfo=None)):
        area = db.session.get(Area, area_id)
        rep = create_report(db.session.get(User, user_id), {
            "area_id": area_id, "category": "infrastructure",
            "description": ["路灯不亮", "窨井盖缺失", "垃圾满溢无人清运", "围墙倒塌"][n],
            "severity": "normal", "lat": area.lat + 0.002 * (n - 2), "lon": area.lon,
            "accuracy_m": 5.0, "captured_at": when, "photos": [], "visit_id": visit_id})
        db.session.commit()
        return rep.id, rep.item_id


@pytest.fixture
def history(app, org):
    """Check-ins in two townships; a township-scoped office user of 龙湖镇."""
    with app.app_context():
        town = Area(name="郭店镇", kind="township", lat=34.531, lon=113.742, radius_m=5000)
        db.session.add(town)
        db.session.flush()
        far = Area(name="常家庄社区", kind="community", township_id=town.id, lat=34.534,
                   lon=113.744, radius_m=700)
        db.session.add(far)
        db.session.flush()
        cadre3 = create_user("cadre3", PASSWORD, ["cadre"], "王强", None, [far.id]).id
        create_user("town_office", PASSWORD, ["office"], "龙湖镇办", None, [],
                    org.areas["龙湖镇"])
        db.session.commit()
        users, areas = org.users, org.areas
        ids = {
            "c_1102": checkin(users["cadre"], areas["郭老庄"], local(11, 2, 9)),
            "c_1106": checkin(users["cadre"], areas["郭老庄"], local(11, 6, 9), note="走访"),
            "c_far": checkin(users["cadre"], areas["郭老庄"], local(11, 6, 15), dlat=0.05),
            "c_not_own": checkin(users["cadre"], areas["三里岗社区"], local(11, 13, 9)),
            "c2_1106": checkin(users["cadre2"], areas["三里岗社区"], local(11, 6, 10)),
            "c3_1113": checkin(cadre3, far.id, local(11, 13, 11)),
        }
        return {"visits": ids, "cadre3": cadre3, "far": far.id, "town": town.id}


def get(client, auth, user, **query):
    """GET /api/v1/visits as `user`; the response."""
    return client.get("/api/v1/visits", query_string=query, headers=auth(user))


def ids_of(resp) -> list[int]:
    """The visit ids of an answer, in order."""
    assert resp.status_code == 200, resp.get_json()
    return [v["id"] for v in resp.get_json()["visits"]]


def test_a_cadre_sees_only_their_own_and_the_office_sees_all(client, auth, history):
    v = history["visits"]
    own = [v["c_not_own"], v["c_far"], v["c_1106"], v["c_1102"]]       # newest first
    assert ids_of(get(client, auth, "cadre")) == own
    assert ids_of(get(client, auth, "cadre2")) == [v["c2_1106"]]
    assert ids_of(get(client, auth, "cadre2", user_id=history["cadre3"])) == []
    for user in ("office", "supervisor", "admin"):
        body = get(client, auth, user).get_json()
        assert body["total"] == 6 and {x["id"] for x in body["visits"]} == set(v.values())
    resp = get(client, auth, "handler")
    assert resp.status_code == 403 and resp.get_json()["error"]["code"] == "forbidden"
    assert client.get("/api/v1/visits").status_code == 401


def test_a_township_office_sees_its_township_only(client, auth, history):
    v = history["visits"]
    seen = set(ids_of(get(client, auth, "town_office", per_page=200)))
    assert seen == set(v.values()) - {v["c3_1113"]}
    assert ids_of(get(client, auth, "town_office", township_id=history["town"])) == []
    assert ids_of(get(client, auth, "office", township_id=history["town"])) == [v["c3_1113"]]


def test_each_visit_says_how_it_was_judged(client, auth, history, org):
    rows = {x["id"]: x for x in get(client, auth, "office").get_json()["visits"]}
    v = history["visits"]
    good, far, not_own = rows[v["c_1106"]], rows[v["c_far"]], rows[v["c_not_own"]]
    assert good["user_name"] == "cadre" and good["area_name"] == "郭老庄"
    assert good["township_name"] == "龙湖镇" and good["note"] == "走访"
    assert good["day"] == "2026-11-06" and good["at"] == "2026-11-06T01:00:00+00:00"
    assert (good["assigned"], good["counts"], good["outside_area"], good["late"]) \
        == (True, True, False, False)
    assert good["distance_m"] == 0.0 and good["accuracy_m"] == 10.0
    assert far["outside_area"] and not far["counts"] and far["distance_m"] > 5000
    assert not not_own["assigned"] and not not_own["counts"] and not not_own["outside_area"]
    assert rows[v["c3_1113"]]["township_name"] == "郭店镇"


def test_filters_by_day_user_area_and_township(client, auth, history, org):
    v = history["visits"]
    assert ids_of(get(client, auth, "office", **{"from": "2026-11-06", "to": "2026-11-06"})) \
        == [v["c_far"], v["c2_1106"], v["c_1106"]]
    assert ids_of(get(client, auth, "office", **{"from": "2026-11-13"})) \
        == [v["c3_1113"], v["c_not_own"]]
    assert ids_of(get(client, auth, "office", to="2026-11-02")) == [v["c_1102"]]
    assert ids_of(get(client, auth, "office", **{"from": "2026-11-20", "to": "2026-11-01"})) \
        == []
    assert ids_of(get(client, auth, "office", user_id=org.users["cadre2"])) == [v["c2_1106"]]
    assert ids_of(get(client, auth, "office", area_id=org.areas["三里岗社区"])) \
        == [v["c_not_own"], v["c2_1106"]]
    assert set(ids_of(get(client, auth, "office", township_id=org.areas["龙湖镇"]))) \
        == set(v.values()) - {v["c3_1113"]}
    assert ids_of(get(client, auth, "cadre", area_id=org.areas["三里岗社区"])) \
        == [v["c_not_own"]]


def test_the_day_is_local_and_a_late_arrival_is_marked(client, auth, app, org):
    with app.app_context():
        cadre, gll = org.users["cadre"], org.areas["郭老庄"]
        night = checkin(cadre, gll, local(11, 7, 0, 30))          # 11-06 16:30 UTC
        held = checkin(cadre, gll, local(11, 9, 9), arrive=local(11, 18, 9))
    one_day = {"from": "2026-11-07", "to": "2026-11-07"}
    (row,) = get(client, auth, "cadre", **one_day).get_json()["visits"]
    assert (row["id"], row["day"]) == (night, "2026-11-07")
    assert row["at"] == "2026-11-06T16:30:00+00:00"
    assert ids_of(get(client, auth, "cadre", to="2026-11-06")) == []
    rows = {x["id"]: x for x in get(client, auth, "office").get_json()["visits"]}
    assert rows[held]["late"] and rows[held]["counts"] and not rows[night]["late"]
    assert rows[held]["received_at"].startswith("2026-11-18T01:00:")
    assert rows[held]["day"] == "2026-11-09"


def test_pages_newest_first(client, auth, history):
    every = ids_of(get(client, auth, "office"))
    pages = [get(client, auth, "office", per_page=4, page=n).get_json() for n in (1, 2, 3)]
    assert [p["total"] for p in pages] == [6, 6, 6]
    assert [x["id"] for p in pages for x in p["visits"]] == every
    assert (len(pages[2]["visits"]), pages[1]["page"], pages[1]["per_page"]) == (0, 2, 4)
    assert get(client, auth, "office").get_json()["per_page"] == 50


@pytest.mark.parametrize("query", [
    {"from": "2026-02-30"}, {"to": "2026-13-01"}, {"from": "1800-01-01"}, {"bogus": "1"},
    {"per_page": "201"}, {"per_page": "0"}, {"page": "0"}, {"page": "x"},
    {"user_id": str(2**31)}, {"area_id": "1" + "0" * 30}, {"township_id": "-1"},
    {"user_id": "1.5"}])
def test_bad_queries_are_422(client, auth, history, query):
    resp = get(client, auth, "office", **query)
    assert resp.status_code == 422, resp.get_json()
    assert resp.get_json()["error"]["code"] == "validation_failed"


def test_reports_made_on_a_visit_come_with_it(client, auth, history, app, org):
    v = history["visits"]
    with app.app_context():
        cadre, cadre2, gll = org.users["cadre"], org.users["cadre2"], org.areas["郭老庄"]
        same_day = report_at(cadre, gll, local(11, 6, 9, 30), 0)
        linked = report_at(cadre, gll, local(11, 7, 8), 1, visit_id=v["c_1102"])
        report_at(cadre, gll, local(11, 5, 23, 30), 2)          # the evening before
        report_at(cadre2, gll, local(11, 6, 11), 3)              # another cadre
    rows = {x["id"]: x for x in get(client, auth, "office").get_json()["visits"]}
    expect = [{"id": same_day[0], "item_id": same_day[1]}]
    assert rows[v["c_1106"]]["reports"] == expect == rows[v["c_far"]]["reports"]
    assert rows[v["c_1102"]]["reports"] == [{"id": linked[0], "item_id": linked[1]}]
    assert rows[v["c2_1106"]]["reports"] == [] and rows[v["c_not_own"]]["reports"] == []


def _statements(app, client, auth, **query) -> int:
    """How many SQL statements one GET /api/v1/visits runs."""
    header = auth("office")
    count = [0]

    def seen(*args):
        count[0] += 1

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", seen)
    try:
        assert client.get("/api/v1/visits", query_string=query, headers=header).status_code \
            == 200
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    return count[0]


def test_a_page_costs_the_same_queries_whatever_its_length(client, auth, history, app, org):
    with app.app_context():
        report_at(org.users["cadre"], org.areas["郭老庄"], local(11, 6, 9, 30), 0)
    assert _statements(app, client, auth, per_page=1) \
        == _statements(app, client, auth, per_page=200)
