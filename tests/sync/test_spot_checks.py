"""周抽查 end to end over HTTP: the office draws a week's sample of closed items, a
supervisor re-checks on site (online and as an offline mutation), and a failed re-check
reopens the item (反弹)."""

import uuid
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from server.extensions import db
from server.models import Area
from server.services.users import create_user
from sync.spotcheck import draw
from tests.factories import AREA_LAT, AREA_LON, PASSWORD, jpeg_bytes, now_iso
from tests.sync.conftest import report_mutation

NEAR = {"lat": AREA_LAT + 0.0003, "lon": AREA_LON}


def _mut(kind, **payload):
    return {"id": str(uuid.uuid4()), "type": kind, "at": now_iso(), "payload": payload}


def this_week() -> str:
    """The ISO week of the deployment's today."""
    iso = today().isocalendar()
    return f"{iso.year}-W{iso.week:02d}"


def today() -> date:
    """The deployment's local date (the tests' app runs in Asia/Shanghai)."""
    return datetime.now(ZoneInfo("Asia/Shanghai")).date()


@pytest.fixture
def close(client, auth, org, push, upload):
    """Make an item and take it through the loop to closed; returns its id."""
    counter = iter(range(100, 10_000))

    def make(closer="supervisor") -> int:
        n = next(counter)
        item_id = push([report_mutation(org, lat=AREA_LAT, lon=AREA_LON + n * 1e-5,
                                        description=f"第{n}号路灯不亮")])[0]["item_id"]
        deadline = (date.today() + timedelta(days=5)).isoformat()
        assert client.post(f"/api/v1/items/{item_id}/actions/assign", headers=auth("office"),
                           json={"unit_id": org.units["住建局"], "deadline": deadline,
                                 "plan": "更换灯泡"}).status_code == 200
        after = upload(jpeg_bytes(n, (320, 240)), user="handler")
        push([_mut("item.rectified", item_id=item_id, note="已更换", photos=[after])],
             user="handler")
        check = upload(jpeg_bytes(n + 20_000, (320, 240)), user=closer)
        done = push([_mut("item.verify", item_id=item_id, decision="accept",
                          satisfaction="satisfied", photos=[check], lat=AREA_LAT,
                          lon=AREA_LON + n * 1e-5)], user=closer)[0]
        assert done["item_status"] == "closed", done
        return item_id

    return make


def draw_week(client, auth, week=None, size=5, user="office"):
    """POST a draw; the response."""
    return client.post("/api/v1/spot-checks", headers=auth(user),
                       json={"week": week or this_week(), "size": size})


def test_the_draw_is_recorded_and_can_be_drawn_again_from_the_record(client, auth, close):
    closed = sorted(close() for _ in range(8))
    resp = draw_week(client, auth, size=3)
    assert resp.status_code == 201, resp.get_json()
    sc = resp.get_json()["spot_check"]
    assert sc["population"] == 8 and sc["population_ids"] == closed
    drawn = [e["item_id"] for e in sc["entries"]]
    assert len(set(drawn)) == 3 and set(drawn) <= set(closed)
    assert drawn == draw(sc["population_ids"], sc["size"], sc["seed"])
    assert sc["counts"] == {"pending": 3, "pass": 0, "fail": 0}
    # every item was closed by 'supervisor': the re-check goes to the other one ('boss')
    assert {e["supervisor_name"] for e in sc["entries"]} == {"boss"}
    assert {e["closed_by_name"] for e in sc["entries"]} == {"supervisor"}
    listed = client.get(f"/api/v1/spot-checks?week={this_week()}",
                        headers=auth("supervisor")).get_json()["spot_checks"]
    assert [s["id"] for s in listed] == [sc["id"]] and listed[0]["entries"] == sc["entries"]


def test_a_week_is_drawn_once(client, auth, close):
    close()
    first = draw_week(client, auth).get_json()["spot_check"]
    again = draw_week(client, auth, size=1)
    assert again.status_code == 409
    assert again.get_json()["error"]["code"] == "already_drawn"
    assert again.get_json()["error"]["details"]["spot_check_id"] == first["id"]


@pytest.mark.parametrize("body,status,code", [
    ({"week": "2025-W10", "size": 5}, 422, "nothing_to_draw"),
    ({"week": "2026-W99", "size": 5}, 422, "bad_period"),
    ({"week": "2099-W01", "size": 5}, 422, "future_period"),
    ({"week": "2026\u0000-W01", "size": 5}, 422, "validation_failed"),
    ({"size": 5}, 422, "validation_failed"),
    ({"week": "2026-W48", "size": 0}, 422, "validation_failed"),
    ({"week": "2026-W48", "size": 51}, 422, "validation_failed"),
    ({"week": "2026-W48", "size": 10**30}, 422, "validation_failed"),
    ({"week": ["2026-W48"], "size": 5}, 422, "validation_failed"),
])
def test_bad_draws(client, auth, body, status, code):
    resp = client.post("/api/v1/spot-checks", headers=auth("office"), json=body)
    assert resp.status_code == status and resp.get_json()["error"]["code"] == code


@pytest.mark.parametrize("user,post,get", [
    ("cadre", 403, 403), ("handler", 403, 403), ("supervisor", 403, 200),
    ("office", 201, 200), ("admin", 403, 200)])
def test_who_may_draw_and_read(client, auth, close, user, post, get):
    close()
    assert draw_week(client, auth, user=user).status_code == post
    assert client.get("/api/v1/spot-checks", headers=auth(user)).status_code == get


def _pending(client, auth, item_id, user="boss"):
    """The item as the supervisor's phone pulls it."""
    items = client.get("/api/v1/sync/pull?cursor=0", headers=auth(user)).get_json()["items"]
    return next(i for i in items if i["id"] == item_id)


def test_a_passed_recheck_keeps_the_item_closed(client, auth, close, push, upload):
    item_id = close()
    entry = draw_week(client, auth).get_json()["spot_check"]["entries"][0]
    pulled = _pending(client, auth, item_id)
    assert pulled["status"] == "closed"
    assert pulled["spot_check"] == {"id": entry["id"], "week": this_week(),
                                    "supervisor_id": entry["supervisor_id"],
                                    "supervisor_name": "boss"}
    photo = upload(jpeg_bytes(7001, (320, 240)), user="boss")
    mut = _mut("item.recheck", item_id=item_id, result="pass", note=None, photos=[photo],
               accuracy_m=8.0, **NEAR)
    answer = push([mut], user="boss")[0]
    assert answer["status"] == "applied" and answer["item_status"] == "closed"
    assert push([mut], user="boss")[0]["status"] == "duplicate"
    detail = client.get(f"/api/v1/items/{item_id}", headers=auth("office")).get_json()
    assert detail["spot_check"] is None
    assert [e["action"] for e in detail["events"]][-2:] == ["sample", "recheck"]
    assert detail["spot_checks"][0]["result"] == "pass"
    assert detail["spot_checks"][0]["rechecked_by_name"] == "boss"
    assert 0 < detail["spot_checks"][0]["distance_m"] < 100
    assert "recheck" in {p["kind"] for p in detail["photos"]}
    again = push([_mut("item.recheck", item_id=item_id, result="pass", photos=[photo],
                       **NEAR)], user="boss")[0]
    assert again["status"] == "rejected" and again["error"]["code"] == "not_sampled"


def test_a_failed_recheck_reopens_the_item_as_a_rebound(client, auth, close, upload):
    item_id = close()
    draw_week(client, auth)
    photo = upload(jpeg_bytes(7002, (320, 240)), user="supervisor")
    resp = client.post(f"/api/v1/items/{item_id}/actions/recheck", headers=auth("supervisor"),
                       json={"result": "fail", "note": "路灯又不亮了，群众反映", "photos": [photo],
                             **NEAR})
    assert resp.status_code == 200, resp.get_json()
    body = resp.get_json()
    assert body["status"] == "assigned" and body["closed_at"] is None
    assert body["spot_checks"][0]["closed_at"]  # the entry keeps the closing it re-checked
    assert body["unit_name"] == "住建局"
    assert date.fromisoformat(body["deadline"]) >= today()
    event = body["events"][-1]
    assert (event["action"], event["from_state"], event["to_state"]) == \
        ("recheck", "closed", "assigned")
    assert event["payload"]["result"] == "fail" and event["payload"]["deadline"]
    listed = client.get("/api/v1/spot-checks", headers=auth("office")).get_json()
    assert listed["spot_checks"][0]["counts"] == {"pending": 0, "pass": 0, "fail": 1}
    # the unit fixes it again and a supervisor closes it again: the loop still works
    assert body["satisfaction"] is None


@pytest.mark.parametrize("body,status,code", [
    ({"result": "fail", "note": "  ", **NEAR}, 422, "reason_required"),
    ({"result": "pass", **NEAR, "photos": []}, 422, "photos_required"),
    ({"result": "maybe", **NEAR}, 422, "validation_failed"),
    ({"result": "pass", "lat": AREA_LAT + 0.05, "lon": AREA_LON}, 422, "too_far"),
    ({"result": "pass", "lat": -0.0, "lon": 1e308}, 422, "validation_failed"),
    ({"result": "pass", "lat": AREA_LAT}, 422, "validation_failed"),
])
def test_bad_rechecks_change_nothing(client, auth, close, upload, body, status, code):
    item_id = close()
    draw_week(client, auth)
    photo = upload(jpeg_bytes(7003, (320, 240)), user="boss")
    payload = {"photos": [photo], **body}
    resp = client.post(f"/api/v1/items/{item_id}/actions/recheck", headers=auth("boss"),
                       json=payload)
    assert resp.status_code == status and resp.get_json()["error"]["code"] == code
    detail = client.get(f"/api/v1/items/{item_id}", headers=auth("office")).get_json()
    assert detail["status"] == "closed" and detail["spot_checks"][0]["result"] is None


def test_recheck_order_of_refusals(client, auth, close, new_item, upload):
    closed = close()
    photo = upload(jpeg_bytes(7004, (320, 240)), user="supervisor")
    body = {"result": "pass", "photos": [photo], **NEAR}
    url = "/api/v1/items/{}/actions/recheck"
    assert client.post(url.format(closed), json=body).status_code == 401
    assert client.post(url.format(closed), headers=auth("office"), json=body).status_code == 403
    assert client.post(url.format(10**9), headers=auth("supervisor"),
                       json=body).status_code == 404
    not_sampled = client.post(url.format(closed), headers=auth("supervisor"), json=body)
    assert not_sampled.status_code == 409
    assert not_sampled.get_json()["error"]["code"] == "not_sampled"
    open_item = new_item()
    wrong_state = client.post(url.format(open_item), headers=auth("supervisor"), json=body)
    assert wrong_state.status_code == 409
    assert wrong_state.get_json()["error"]["code"] == "invalid_transition"


def test_recheck_mutation_waits_for_its_photos(close, client, auth, push):
    item_id = close()
    draw_week(client, auth)
    answer = push([_mut("item.recheck", item_id=item_id, result="pass", photos=["b" * 64],
                        **NEAR)], user="boss")[0]
    assert answer["status"] == "needs_photos" and answer["missing"] == ["b" * 64]


def test_a_township_office_draws_and_sees_its_township_only(app, client, auth, org, close):
    close()
    with app.app_context():
        other = Area(name="郭店镇", kind="township", lat=34.531, lon=113.742, radius_m=5000)
        db.session.add(other)
        db.session.flush()
        create_user("guodian_office", PASSWORD, ["office"], "郭店镇办", township_id=other.id)
        create_user("longhu_office", PASSWORD, ["office"], "龙湖镇办",
                    township_id=org.areas["龙湖镇"])
        db.session.commit()
    empty = draw_week(client, auth, user="guodian_office")
    assert empty.status_code == 422 and empty.get_json()["error"]["code"] == "nothing_to_draw"
    own = draw_week(client, auth, user="longhu_office")
    assert own.status_code == 201
    assert own.get_json()["spot_check"]["township_name"] == "龙湖镇"
    county = draw_week(client, auth, user="office")
    assert county.status_code == 201  # the county draws on its own; scopes do not collide
    seen = client.get("/api/v1/spot-checks", headers=auth("guodian_office")).get_json()
    assert seen["spot_checks"] == []
    seen = client.get("/api/v1/spot-checks", headers=auth("longhu_office")).get_json()
    assert [s["township_name"] for s in seen["spot_checks"]] == ["龙湖镇"]


def _period_keys() -> dict:
    """This week, month and quarter (local)."""
    d = today()
    return {"week": this_week(), "month": f"{d:%Y-%m}",
            "quarter": f"{d.year}-Q{(d.month - 1) // 3 + 1}"}


def test_a_rebound_counts_in_the_bulletin_the_supervision_list_and_the_ranking(
        client, auth, close, upload, org):
    failed, passed = close(), close()
    draw_week(client, auth, size=2)
    for item_id, result in ((failed, "fail"), (passed, "pass")):
        photo = upload(jpeg_bytes(7100 + item_id, (320, 240)), user="boss")
        resp = client.post(f"/api/v1/items/{item_id}/actions/recheck", headers=auth("boss"),
                           json={"result": result, "note": "复核", "photos": [photo], **NEAR})
        assert resp.status_code == 200, resp.get_json()
    keys = _period_keys()
    weekly = client.get(f"/api/v1/reports/weekly?week={keys['week']}",
                        headers=auth("office")).get_json()
    assert (weekly["totals"]["rechecked"], weekly["totals"]["rebounds"]) == (2, 1)
    assert "周抽查现场复核2件，反弹1件" in weekly["summary"]
    monthly = client.get(f"/api/v1/reports/monthly?month={keys['month']}",
                         headers=auth("office")).get_json()
    assert [i["id"] for i in monthly["items"] if "rebound" in i["reasons"]] == [failed]
    assert monthly["totals"]["rebound"] == 1
    ranking = client.get(f"/api/v1/reports/ranking?quarter={keys['quarter']}",
                         headers=auth("office")).get_json()
    unit = next(u for u in ranking["ranked"] + ranking["insufficient"] if u["name"] == "住建局")
    assert (unit["rechecked"], unit["rebounds"], unit["deduction"]) == (2, 1, 5.0)
    assert "反弹扣分" in ranking["formula"]
    # the reopened item is no longer closed: one closure of two counts
    assert unit["closed"] == 1
    page = client.get(f"/api/v1/reports/monthly?month={keys['month']}&format=html",
                      headers=auth("office"))
    assert "抽查反弹问题清单" in page.get_data(as_text=True)


def test_the_office_reschedules_a_reopened_item(client, auth, close, upload):
    item_id = close()
    draw_week(client, auth)
    photo = upload(jpeg_bytes(7200, (320, 240)), user="boss")
    reopened = client.post(f"/api/v1/items/{item_id}/actions/recheck", headers=auth("boss"),
                           json={"result": "fail", "note": "又坏了", "photos": [photo], **NEAR})
    provisional = reopened.get_json()["deadline"]
    url = f"/api/v1/items/{item_id}/actions/reschedule"
    past = client.post(url, headers=auth("office"),
                       json={"deadline": "2020-01-01", "note": "重新限期"})
    assert past.status_code == 422 and past.get_json()["error"]["code"] == "validation_failed"
    blank = client.post(url, headers=auth("office"), json={"deadline_working_days": 3,
                                                           "note": "  "})
    assert blank.status_code == 422 and blank.get_json()["error"]["code"] == "reason_required"
    later = (today() + timedelta(days=30)).isoformat()
    done = client.post(url, headers=auth("office"), json={"deadline": later,
                                                          "note": "需采购配件，重新限期"})
    assert done.status_code == 200, done.get_json()
    body = done.get_json()
    assert body["deadline"] == later and body["status"] == "assigned"
    event = body["events"][-1]
    assert event["action"] == "reschedule"
    assert (event["payload"]["previous"], event["payload"]["deadline"]) == (provisional, later)
    assert client.post(url, headers=auth("handler"), json={
        "deadline": later, "note": "x"}).status_code == 403
