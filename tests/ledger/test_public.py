"""The public progress list and page (issue 16): only accepted items, the redacted text,
township · area, local days, photos where there are some; nothing personal."""

import json
import uuid
from datetime import date, datetime, timedelta

import pytest

from server.extensions import db
from server.models import Item
from server.services import publication
from sync.publication import PUBLIC_STATES, is_public
from sync.workflow import STATES
from tests.factories import AREA_LAT, AREA_LON, jpeg_bytes, now_iso
from tests.sync.conftest import report_mutation

SOON = (date.today() + timedelta(days=30)).isoformat()  # deadlines lie within five years


def _mut(kind, **payload):
    return {"id": str(uuid.uuid4()), "type": kind, "at": now_iso(), "payload": payload}


def _assign(client, auth, org, item_id, plan="更换"):
    resp = client.post(f"/api/v1/items/{item_id}/actions/assign", headers=auth("office"),
                       json={"unit_id": org.units["住建局"], "deadline": SOON, "plan": plan})
    assert resp.status_code == 200, resp.get_json()


def test_public_list_shows_progress_and_nothing_personal(client, auth, org, push, upload):
    before = upload(jpeg_bytes(40, (300, 200)))
    r = push([report_mutation(org, photos=[before], lat=AREA_LAT, lon=AREA_LON,
                              description="井盖缺失，联系人王秀英 138 1234 5678，"
                                          "家住5号楼2单元301")])[0]
    item_id = r["item_id"]
    _assign(client, auth, org, item_id)
    after = upload(jpeg_bytes(41, (300, 200)), user="handler")
    push([_mut("item.rectified", item_id=item_id, note="已更换", photos=[after])],
         user="handler")
    check, signature = (upload(jpeg_bytes(42, (300, 200)), user="supervisor"),
                        upload(jpeg_bytes(43, (300, 100)), user="supervisor"))
    done = push([_mut("item.verify", item_id=item_id, decision="accept",
                      satisfaction="satisfied", photos=[check], signature=signature,
                      lat=AREA_LAT, lon=AREA_LON, resident_name="李秀英")],
                user="supervisor")[0]
    assert done["item_status"] == "closed"

    resp = client.get("/api/v1/public/items")
    assert resp.status_code == 200
    body = resp.get_json()
    item = body["items"][0]
    assert item["status"] == "closed" and item["place"] == "龙湖镇 · 郭老庄"
    assert item["unit"] == "住建局" and body["by_status"] == {"closed": 1}
    assert item["lat"] == round(AREA_LAT, 2) and item["photos"]["before"] == [before]
    assert item["photos"]["after"] == [after] and item["text"].startswith("井盖缺失")
    assert "satisfaction" not in item and "description" not in item
    text = json.dumps(body, ensure_ascii=False)
    for secret in ("李秀英", "王秀英", "1234", "5678", "2单元301", "cadre", "handler",
                   "supervisor", signature, check, str(AREA_LAT)):
        assert secret not in text, secret
    assert "＊" in item["text"]
    assert client.get(f"/api/v1/public/photos/{before}/display").status_code == 200
    assert client.get(f"/api/v1/public/photos/{before}/thumb").status_code == 200
    for hidden in (signature, check):
        assert client.get(f"/api/v1/public/photos/{hidden}/display").status_code == 404
    assert client.get(f"/api/v1/public/photos/{before}/original").status_code == 404
    detail = client.get(f"/api/v1/public/items/{item_id}").get_json()
    assert [s["step"] for s in detail["steps"]] == ["reported", "accepted", "rectified",
                                                    "closed"]
    assert "李秀英" not in json.dumps(detail, ensure_ascii=False)


def test_new_rejected_and_merged_items_are_not_public(client, auth, org, push):
    new = push([report_mutation(org)])[0]["item_id"]
    rejected = push([report_mutation(org)])[0]["item_id"]
    client.post(f"/api/v1/items/{rejected}/actions/reject", headers=auth("office"),
                json={"reason": "重复"})
    merged, survivor = (push([report_mutation(org)])[0]["item_id"],
                        push([report_mutation(org)])[0]["item_id"])
    client.post(f"/api/v1/items/{merged}/actions/merge", headers=auth("office"),
                json={"into_item_id": survivor})
    assert client.get("/api/v1/public/items").get_json()["total"] == 0
    for item_id in (new, rejected, merged, survivor):
        assert client.get(f"/api/v1/public/items/{item_id}").status_code == 404
    _assign(client, auth, org, survivor)
    listed = client.get("/api/v1/public/items").get_json()
    assert [i["id"] for i in listed["items"]] == [survivor]
    assert client.get("/api/v1/public/items?status=rejected").status_code == 422
    assert client.get("/api/v1/public/items?name=x").status_code == 422


@pytest.mark.parametrize("status", STATES)
@pytest.mark.parametrize("hidden", [False, True])
def test_the_sql_gate_is_the_rule(app, org, new_item, status, hidden):
    """services.publication.public_clause against sync.publication.is_public."""
    with app.app_context():
        item_id = new_item()
        item = db.session.get(Item, item_id)
        item.status = status
        if hidden:
            db.session.add(publication.Publication(item_id=item_id, hidden=True,
                                                   hidden_reason="涉及隐私"))
        db.session.commit()
        found = db.session.query(Item.id).filter(Item.id == item_id,
                                                 publication.public_clause()).first()
        assert (found is not None) == is_public(status, hidden)
        assert is_public(status, hidden) == (status in PUBLIC_STATES and not hidden)


@pytest.mark.parametrize("utc,local", [
    (datetime(2026, 11, 26, 17, 30), "2026-11-27"),   # 01:30 in Beijing: the next day
    (datetime(2026, 11, 26, 15, 59), "2026-11-26"),   # 23:59 in Beijing: the same day
    (datetime(2026, 12, 31, 16, 0), "2027-01-01")])   # midnight of the new year
def test_public_dates_are_local_days(app, client, auth, org, push, utc, local):
    """Dates are the days of the deployment's zone, not of the UTC timestamp."""
    item_id = push([report_mutation(org)])[0]["item_id"]
    _assign(client, auth, org, item_id)
    with app.app_context():
        item = db.session.get(Item, item_id)
        item.created_at = item.assigned_at = utc
        db.session.commit()
    listed = client.get("/api/v1/public/items").get_json()["items"][0]
    assert (listed["reported_on"], listed["accepted_on"]) == (local, local)
    assert listed["deadline"] == SOON
    steps = client.get(f"/api/v1/public/items/{item_id}").get_json()["steps"]
    assert steps[0] == {"step": "reported", "on": local}


def test_filters_and_pages(app, client, auth, org, push):
    ids = []
    for n, area in enumerate(["郭老庄", "三里岗社区", "郭老庄"]):
        item_id = push([report_mutation(org, area=area, category="health" if n else
                                        "infrastructure")])[0]["item_id"]
        _assign(client, auth, org, item_id)
        ids.append(item_id)
    body = client.get("/api/v1/public/items?per_page=2").get_json()
    assert body["total"] == 3 and len(body["items"]) == 2
    assert client.get("/api/v1/public/items?per_page=2&page=2").get_json()["items"][0]["id"] \
        == ids[0]
    town = org.areas["龙湖镇"]
    assert body["townships"] == [{"id": town, "name": "龙湖镇", "count": 3}]
    health = client.get("/api/v1/public/items?category=health").get_json()
    assert {i["id"] for i in health["items"]} == set(ids[1:])
    assert {i["place"] for i in health["items"]} == {"龙湖镇 · 郭老庄", "龙湖镇 · 三里岗社区"}
    assert client.get(f"/api/v1/public/items?township_id={town + 999}").get_json()["total"] == 0
    assert client.get("/api/v1/public/items?per_page=51").status_code == 422
    assert all(i["photos"] == {"before": [], "after": []} for i in body["items"])
