"""A cadre outside an item's scope whose report joined it sees its progress, not its people.

cadre2 (三里岗社区) reports, with the same words at the same place, a problem cadre
(郭老庄) reported first; the report joins cadre's item. From then on cadre2 may follow the
item's status, unit and deadline and their own report and photos, but never cadre's name,
position, photos or flags, the item's exact position, or others' data in the history, in
the detail, the pull or the photos.
"""

import json
import uuid
from datetime import date, timedelta

import pytest

from server.services.clock import local_today
from tests.factories import AREA_LAT, AREA_LON, now_iso, sha

TEXT = "郭老庄村口窨井盖缺失，夜间有人踩空"
# positions as the server keeps them: to 1e-9 degrees
FIRST = (round(AREA_LAT + 0.00011, 9), round(AREA_LON + 0.00013, 9))
SECOND = (round(AREA_LAT + 0.00014, 9), round(AREA_LON + 0.00016, 9))


def _upload(client, auth, user, path) -> str:
    """PUT a real photo as `user`; returns its hash."""
    data = path.read_bytes()
    resp = client.put(f"/api/v1/photos/{sha(data)}", data=data, headers=auth(user))
    assert resp.status_code in (200, 201), resp.get_json()
    return sha(data)


def _report(client, auth, org, user, spot, photo) -> int:
    """Push one report.create as `user` in 郭老庄; returns the item it went to."""
    payload = {"area_id": org.areas["郭老庄"], "category": "infrastructure",
               "description": TEXT, "severity": "normal", "lat": spot[0], "lon": spot[1],
               "accuracy_m": 5.0, "captured_at": now_iso(), "photos": [photo]}
    resp = client.post("/api/v1/sync/push", headers=auth(user), json={
        "device_id": f"phone-{user}", "mutations": [
            {"id": str(uuid.uuid4()), "type": "report.create", "at": now_iso(),
             "payload": payload}]})
    result = resp.get_json()["results"][0]
    assert result["status"] == "applied", result
    return result["item_id"]


@pytest.fixture
def joined(app, client, auth, org, photos_dir):
    """cadre's item, cadre2's report joined to it and the office's 交办; ids and hashes."""
    mine = _upload(client, auth, "cadre", photos_dir / "DSCN0010.jpg")
    theirs = _upload(client, auth, "cadre2", photos_dir / "DSCN0021.jpg")
    item_id = _report(client, auth, org, "cadre", FIRST, mine)
    assert _report(client, auth, org, "cadre2", SECOND, theirs) == item_id
    with app.app_context():
        deadline = (local_today() + timedelta(days=5)).isoformat()
    resp = client.post(f"/api/v1/items/{item_id}/actions/assign", headers=auth("office"),
                       json={"unit_id": org.units["住建局"], "deadline": deadline,
                             "plan": "三天内更换井盖", "leader_led": True,
                             "leader_name": "副镇长 李明"})
    assert resp.status_code == 200, resp.get_json()
    return {"item": item_id, "first_photo": mine, "own_photo": theirs, "deadline": deadline}


def _leaks(body, joined, org) -> list[str]:
    """What of cadre's, the office's or the item's exact data appears in `body`."""
    text = json.dumps(body, ensure_ascii=False, default=str)
    marks = {"first photo": joined["first_photo"], "first lat": str(FIRST[0]),
             "first lon": str(FIRST[1]), "office payload": "deadline_working_days",
             "leader": "李明", "first reporter id": f'"reporter_id": {org.users["cadre"]}',
             "office actor": f'"actor_id": {org.users["office"]}'}
    return [name for name, mark in marks.items() if mark in text]


def test_detail_shows_progress_and_own_report_only(client, auth, org, joined):
    resp = client.get(f"/api/v1/items/{joined['item']}", headers=auth("cadre2"))
    assert resp.status_code == 200, resp.get_json()
    body = resp.get_json()
    assert body["limited"] is True
    assert (body["status"], body["unit_name"], body["deadline"]) == (
        "assigned", "住建局", joined["deadline"])
    assert body["lat"] is None and body["lon"] is None and body["reporter_id"] is None
    assert [r["reporter_name"] for r in body["reports"]] == ["cadre2"]
    assert body["reports"][0]["lat"] == SECOND[0]
    assert body["reports"][0]["photos"] == [joined["own_photo"]]
    assert [p["sha256"] for p in body["photos"]] == [joined["own_photo"]]
    assert body["flags"] and {f["photo_sha"] for f in body["flags"]} == {joined["own_photo"]}
    assert body["flag_count"] == len(body["flags"]) and body["description"] == TEXT
    assert {e["actor_name"] for e in body["events"]} == {"cadre2", None}
    assert _leaks(body, joined, org) == []


def test_cadre_of_the_area_and_office_see_the_item_whole(client, auth, org, joined):
    for user in ("cadre", "office"):
        body = client.get(f"/api/v1/items/{joined['item']}", headers=auth(user)).get_json()
        assert body["limited"] is False and body["lat"] == FIRST[0]
        assert [r["reporter_name"] for r in body["reports"]] == ["cadre", "cadre2"]
        assert {p["sha256"] for p in body["photos"]} == {joined["first_photo"],
                                                           joined["own_photo"]}


def test_pull_shows_progress_and_own_text_only(client, auth, org, joined):
    items = client.get("/api/v1/sync/pull?cursor=0", headers=auth("cadre2")).get_json()["items"]
    [row] = [i for i in items if i["id"] == joined["item"]]
    assert (row["status"], row["unit_name"], row["deadline"]) == (
        "assigned", "住建局", joined["deadline"])
    assert row["lat"] is None and row["reporter_id"] is None and row["description"] == TEXT
    assert _leaks(row, joined, org) == []
    whole = client.get("/api/v1/sync/pull?cursor=0", headers=auth("cadre")).get_json()["items"]
    assert [i["lat"] for i in whole if i["id"] == joined["item"]] == [FIRST[0]]


@pytest.mark.parametrize("variant", ["thumb", "display"])
def test_photo_of_another_reporter_is_not_found(client, auth, joined, variant):
    other = client.get(f"/api/v1/photos/{joined['first_photo']}/{variant}",
                       headers=auth("cadre2"))
    assert other.status_code == 404 and other.get_json()["error"]["code"] == "not_found"
    own = client.get(f"/api/v1/photos/{joined['own_photo']}/{variant}", headers=auth("cadre2"))
    assert own.status_code == 200
    assert client.get(f"/api/v1/photos/{joined['first_photo']}/{variant}",
                      headers=auth("cadre")).status_code == 200


def test_list_shows_progress_and_own_text_only(client, auth, org, joined):
    body = client.get("/api/v1/items", headers=auth("cadre2")).get_json()
    [row] = [i for i in body["items"] if i["id"] == joined["item"]]
    assert row["status"] == "assigned" and row["lat"] is None and row["reporter_id"] is None
    assert _leaks(row, joined, org) == []
    whole = client.get("/api/v1/items", headers=auth("cadre")).get_json()["items"]
    assert [i["lat"] for i in whole if i["id"] == joined["item"]] == [FIRST[0]]


@pytest.fixture
def mixed(app, client, auth, org, joined, photos_dir):
    """An office + supervisor + cadre of another township whose report joined the item."""
    from server.extensions import db
    from server.models import Area, User
    from server.services.users import create_user
    from tests.factories import PASSWORD, login

    with app.app_context():
        town = Area(name="新村镇", kind="township", lat=34.30, lon=113.60, radius_m=5000)
        db.session.add(town)
        db.session.flush()
        home = Area(name="新村", kind="village", township_id=town.id, lat=34.301, lon=113.601,
                    radius_m=800)
        db.session.add(home)
        db.session.flush()
        user = create_user("mixed", PASSWORD, ["office", "supervisor", "cadre"], "mixed",
                           None, [home.id])
        db.session.get(User, user.id).township_id = town.id
        db.session.commit()
    headers = login(client, "mixed")
    photo = _upload(client, lambda _: headers, "mixed", photos_dir / "DSCN0012.jpg")
    assert _report(client, lambda _: headers, org, "mixed", SECOND, photo) == joined["item"]
    return headers


def test_seeing_an_item_as_its_reporter_gives_no_right_to_act_on_it(client, mixed, joined):
    item = joined["item"]
    assert client.get(f"/api/v1/items/{item}", headers=mixed).get_json()["limited"] is True
    for action, body in (("reject", {"reason": "不属实"}), ("split", {"report_id": 1}),
                         ("long_term", {"reason": "x", "deadline": joined["deadline"]})):
        resp = client.post(f"/api/v1/items/{item}/actions/{action}", json=body, headers=mixed)
        assert resp.status_code == 404, (action, resp.get_json())


def test_content_filters_exports_and_bulletins_do_not_reach_a_limited_item(client, mixed,
                                                                           joined):
    listed = client.get("/api/v1/items", headers=mixed).get_json()["items"]
    assert joined["item"] in [i["id"] for i in listed]
    for query in ("q=夜间有人踩空", "flagged=true", "flagged=false", "suggested=false"):
        body = client.get(f"/api/v1/items?{query}", headers=mixed).get_json()
        assert joined["item"] not in [i["id"] for i in body["items"]], query
    export = client.get("/api/v1/items/export?format=csv", headers=mixed)
    assert export.status_code == 200 and "踩空" not in export.get_data().decode("utf-8-sig")
    year, week, _ = date.today().isocalendar()
    for url in (f"/api/v1/reports/weekly?week={year}-W{week:02d}",
                f"/api/v1/reports/monthly?month={date.today():%Y-%m}"):
        answer = client.get(url, headers=mixed)
        assert answer.status_code == 200, answer.get_json()
        assert "踩空" not in answer.get_data(as_text=True), url
