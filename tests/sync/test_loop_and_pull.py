"""Rectify and verify through mutations, and pull's cursor."""

import uuid
from datetime import date, timedelta

from tests.factories import AREA_LAT, AREA_LON, jpeg_bytes, now_iso
from tests.sync.conftest import report_mutation


def _mut(kind, **payload):
    return {"id": str(uuid.uuid4()), "type": kind, "at": now_iso(), "payload": payload}


def _assign(client, auth, org, item_id):
    deadline = (date.today() + timedelta(days=5)).isoformat()
    resp = client.post(f"/api/v1/items/{item_id}/actions/assign", headers=auth("office"),
                       json={"unit_id": org.units["住建局"], "deadline": deadline, "plan": "修"})
    assert resp.status_code == 200


def test_full_loop_through_mutations(client, auth, org, push, upload):
    item_id = push([report_mutation(org, photos=[upload(jpeg_bytes(11, (320, 240)))],
                                    lat=AREA_LAT, lon=AREA_LON)])[0]["item_id"]
    _assign(client, auth, org, item_id)
    after = upload(jpeg_bytes(12, (320, 240)), user="handler")
    r = push([_mut("item.rectified", item_id=item_id, note="已更换新井盖", photos=[after])],
             user="handler")[0]
    assert r["status"] == "applied" and r["item_status"] == "rectified"
    check = upload(jpeg_bytes(13, (320, 240)), user="supervisor")
    far = push([_mut("item.verify", item_id=item_id, decision="accept",
                     satisfaction="satisfied", photos=[check], lat=AREA_LAT + 0.045,
                     lon=AREA_LON)], user="supervisor")[0]
    assert far["status"] == "rejected" and far["error"]["code"] == "too_far"
    unhappy = push([_mut("item.verify", item_id=item_id, decision="accept",
                         satisfaction="unsatisfied", photos=[check], lat=AREA_LAT,
                         lon=AREA_LON, resident_name="王大爷")], user="supervisor")[0]
    assert unhappy["item_status"] == "assigned"
    body = client.get(f"/api/v1/items/{item_id}", headers=auth("office")).get_json()
    assert body["return_count"] == 1 and body["status"] == "assigned"
    push([_mut("item.rectified", item_id=item_id, note="重新加固", photos=[after])],
         user="handler")
    done = push([_mut("item.verify", item_id=item_id, decision="accept", satisfaction="basic",
                      photos=[check], lat=AREA_LAT, lon=AREA_LON)], user="supervisor")[0]
    assert done["item_status"] == "closed"
    body = client.get(f"/api/v1/items/{item_id}", headers=auth("office")).get_json()
    assert body["closed_at"] and body["satisfaction"] == "basic"
    assert [e["action"] for e in body["events"]] == [
        "create", "assign", "rectified", "verify", "rectified", "verify"]
    assert {p["kind"] for p in body["photos"]} == {"before", "after", "verify"}


def test_conflict_when_someone_else_closed_first(client, auth, org, push, upload):
    item_id = push([report_mutation(org)])[0]["item_id"]
    _assign(client, auth, org, item_id)
    rejected = push([_mut("item.rectified", item_id=item_id, note="修好了",
                          photos=[upload(jpeg_bytes(3), user="handler2")])], user="handler2")[0]
    assert rejected["status"] == "rejected" and rejected["error"]["code"] == "not_found"
    photo = upload(jpeg_bytes(4), user="handler")
    push([_mut("item.rectified", item_id=item_id, note="修好了", photos=[photo])],
         user="handler")
    second = push([_mut("item.rectified", item_id=item_id, note="又修了", photos=[photo])],
                  user="handler")[0]
    assert second["status"] == "rejected"
    assert second["error"]["code"] == "invalid_transition"


def test_pull_pages_each_change_once(client, auth, org, push):
    h = auth("cadre")
    ids = [push([report_mutation(org, description=f"问题{i}")])[0]["item_id"]
           for i in range(5)]
    first = client.get("/api/v1/sync/pull?cursor=0&limit=3", headers=h).get_json()
    assert first["more"] is True and [i["id"] for i in first["items"]] == ids[:3]
    second = client.get(f"/api/v1/sync/pull?cursor={first['cursor']}&limit=3",
                        headers=h).get_json()
    assert second["more"] is False and [i["id"] for i in second["items"]] == ids[3:]
    empty = client.get(f"/api/v1/sync/pull?cursor={second['cursor']}", headers=h).get_json()
    assert empty == {"cursor": second["cursor"], "more": False, "items": []}
    _assign(client, auth, org, ids[1])
    changed = client.get(f"/api/v1/sync/pull?cursor={second['cursor']}", headers=h).get_json()
    assert [(i["id"], i["status"]) for i in changed["items"]] == [(ids[1], "assigned")]


def test_pull_respects_scope(client, auth, org, push):
    push([report_mutation(org)])
    other = client.get("/api/v1/sync/pull", headers=auth("cadre2")).get_json()
    assert other["items"] == []
    handler = client.get("/api/v1/sync/pull", headers=auth("handler")).get_json()
    assert handler["items"] == []


def test_pull_bad_cursor(client, auth, org):
    h = auth("cadre")
    for q in ("cursor=-1", "cursor=abc", "cursor=1&x=2", "limit=100000"):
        resp = client.get(f"/api/v1/sync/pull?{q}", headers=h)
        assert resp.status_code == 422, q
