"""The public progress list: progress visible, nothing personal."""

import json
import uuid
from datetime import date, timedelta

from tests.factories import AREA_LAT, AREA_LON, jpeg_bytes, now_iso
from tests.sync.conftest import report_mutation

SOON = (date.today() + timedelta(days=30)).isoformat()  # deadlines lie within five years


def _mut(kind, **payload):
    return {"id": str(uuid.uuid4()), "type": kind, "at": now_iso(), "payload": payload}


def test_public_list_shows_progress_and_nothing_personal(client, auth, org, push, upload):
    before = upload(jpeg_bytes(40, (300, 200)))
    r = push([report_mutation(org, photos=[before], lat=AREA_LAT, lon=AREA_LON,
                              description="井盖缺失，联系人王大爷 13812345678")])[0]
    item_id = r["item_id"]
    client.post(f"/api/v1/items/{item_id}/actions/assign", headers=auth("office"),
                json={"unit_id": org.units["住建局"], "deadline": SOON, "plan": "更换"})
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
    assert item["status"] == "closed" and item["township"] == "龙湖镇"
    assert item["unit"] == "住建局" and body["by_status"] == {"closed": 1}
    assert item["lat"] == round(AREA_LAT, 2) and item["photos"]["before"] == [before]
    assert item["photos"]["after"] == [after]
    text = json.dumps(body, ensure_ascii=False)
    for secret in ("李秀英", "13812345678", "cadre", "handler", "supervisor", signature, check,
                   str(AREA_LAT), "satisf"):
        assert secret not in text, secret
    assert "138*****" in text
    assert client.get(f"/api/v1/public/photos/{before}/display").status_code == 200
    for hidden in (signature, check):
        assert client.get(f"/api/v1/public/photos/{hidden}/display").status_code == 404
    assert client.get(f"/api/v1/public/photos/{before}/original").status_code == 404


def test_rejected_items_are_not_public(client, auth, org, push):
    r = push([report_mutation(org)])[0]
    client.post(f"/api/v1/items/{r['item_id']}/actions/reject", headers=auth("office"),
                json={"reason": "重复"})
    assert client.get("/api/v1/public/items").get_json()["total"] == 0
    assert client.get("/api/v1/public/items?status=rejected").status_code == 422
    assert client.get("/api/v1/public/items?name=x").status_code == 422


def test_public_dates_are_iso(client, auth, org, push):
    r = push([report_mutation(org)])[0]
    client.post(f"/api/v1/items/{r['item_id']}/actions/assign", headers=auth("office"),
                json={"unit_id": org.units["住建局"], "deadline": SOON, "plan": "修"})
    item = client.get("/api/v1/public/items").get_json()["items"][0]
    assert item["deadline"] == SOON and len(item["reported_on"]) == 10
