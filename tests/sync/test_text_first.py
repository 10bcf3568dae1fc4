"""Text first, photos after: a report is recorded before its photos arrive, and each photo
that arrives later is attached to every report waiting for it (issue 18, point 1)."""

import uuid
from datetime import date, timedelta

from server.extensions import db
from server.models import Attachment, Flag, PendingPhoto
from server.services import late_photos
from tests.factories import jpeg_bytes, now_iso, sha
from tests.sync.conftest import report_mutation


def _detail(client, auth, item_id, user="office"):
    resp = client.get(f"/api/v1/items/{item_id}", headers=auth(user))
    assert resp.status_code == 200, resp.get_json()
    return resp.get_json()


def _count(app, model, **where):
    with app.app_context():
        return db.session.query(model).filter_by(**where).count()


def test_report_applied_before_its_photos_then_attached(app, client, auth, org, push, upload):
    first, second = jpeg_bytes(31, (320, 240)), jpeg_bytes(32, (320, 240))
    present = upload(first)
    m = report_mutation(org, photos=[present, sha(second)])
    answer = push([m])[0]
    assert answer["status"] == "applied" and answer["photos_pending"] == [sha(second)]
    item = _detail(client, auth, answer["item_id"])
    assert item["reports"][0]["description"] == "路口护栏被撞坏一段"
    assert item["reports"][0]["photos"] == [present]
    assert item["reports"][0]["photos_pending"] == [sha(second)]
    cursor = client.get("/api/v1/sync/pull?cursor=0", headers=auth("cadre")).get_json()["cursor"]

    upload(second)
    item = _detail(client, auth, answer["item_id"])
    assert item["reports"][0]["photos"] == [present, sha(second)]
    assert item["reports"][0]["photos_pending"] == []
    assert item["events"][-1]["action"] == "photo"
    assert item["events"][-1]["payload"]["photos"] == [sha(second)]
    pulled = client.get(f"/api/v1/sync/pull?cursor={cursor}", headers=auth("cadre")).get_json()
    assert [i["id"] for i in pulled["items"]] == [answer["item_id"]]
    assert _count(app, PendingPhoto) == 0


def test_resend_answers_the_first_result(org, push):
    m = report_mutation(org, photos=[sha(jpeg_bytes(33))])
    first = push([m])[0]
    again = push([m])[0]
    assert again["status"] == "duplicate"
    assert again["item_id"] == first["item_id"]
    assert again["photos_pending"] == first["photos_pending"] == [sha(jpeg_bytes(33))]


def test_all_photos_present_has_no_pending_list(org, push, upload):
    answer = push([report_mutation(org, photos=[upload(jpeg_bytes(34))])])[0]
    assert answer["status"] == "applied" and "photos_pending" not in answer


def test_one_photo_waited_for_by_two_reports_is_attached_to_each_once(
        app, client, auth, org, push, upload):
    data = jpeg_bytes(35, (320, 240))
    a = push([report_mutation(org, photos=[sha(data)], description="垃圾桶满溢")])[0]
    b = push([report_mutation(org, photos=[sha(data)], description="路灯不亮",
                              area="三里岗社区", category="health")], user="cadre2")[0]
    upload(data)
    upload(data)  # sent again: nothing attached twice
    for answer in (a, b):
        assert _count(app, Attachment, item_id=answer["item_id"], photo_sha=sha(data)) == 1
    assert _count(app, PendingPhoto) == 0


def test_photo_arriving_later_goes_to_the_item_the_report_was_merged_into(
        client, auth, org, push, upload):
    data = jpeg_bytes(36, (320, 240))
    late = push([report_mutation(org, photos=[sha(data)], description="井盖破损")])[0]
    other = push([report_mutation(org, description="公厕无人保洁", category="health")])[0]
    resp = client.post(f"/api/v1/items/{late['item_id']}/actions/merge", headers=auth("office"),
                       json={"into_item_id": other["item_id"], "note": "同一问题"})
    assert resp.status_code == 200, resp.get_json()
    upload(data)
    survivor = _detail(client, auth, other["item_id"])
    assert sha(data) in [p["sha256"] for p in survivor["photos"]]


def test_late_photo_gets_the_integrity_checks(app, client, auth, org, push, upload, photos_dir):
    data = (photos_dir / "DSCN0012.jpg").read_bytes()  # taken in Italy, years ago
    answer = push([report_mutation(org, photos=[sha(data)])])[0]
    assert _count(app, Flag, item_id=answer["item_id"]) == 0
    upload(data)
    kinds = sorted(f["kind"] for f in _detail(client, auth, answer["item_id"])["flags"])
    assert kinds == ["photo_gps_far", "photo_time_far"]


def test_reporter_sees_own_late_photo(client, auth, org, push, upload):
    data = jpeg_bytes(37, (320, 240))
    answer = push([report_mutation(org, photos=[sha(data)])])[0]
    upload(data)
    mine = _detail(client, auth, answer["item_id"], user="cadre")
    assert mine["reports"][0]["photos"] == [sha(data)]
    resp = client.get(f"/api/v1/photos/{sha(data)}/thumb", headers=auth("cadre"))
    assert resp.status_code == 200 and resp.mimetype == "image/jpeg"


def test_a_photo_stored_while_the_report_was_written_is_attached_on_head(
        app, client, auth, org, push, upload):
    """The race: the photo's row commits between the push's first look and its write, so
    the report waits for a photo that is already there. The phone's HEAD settles it."""
    data = jpeg_bytes(38, (320, 240))
    answer = push([report_mutation(org, photos=[])])[0]
    upload(data, user="office")
    with app.app_context():
        db.session.add(PendingPhoto(report_id=answer["report_id"], photo_sha=sha(data)))
        db.session.commit()
    resp = client.head(f"/api/v1/photos/{sha(data)}", headers=auth("office"))
    assert resp.status_code == 200
    assert _count(app, Attachment, item_id=answer["item_id"], photo_sha=sha(data)) == 1
    assert _count(app, PendingPhoto) == 0


def test_attach_arrived_without_waiting_reports_writes_nothing(ctx, org):
    assert late_photos.attach_arrived("0" * 64, None) == 0


def test_evidence_still_waits_for_its_photos(client, auth, org, push, upload):
    item_id = push([report_mutation(org)])[0]["item_id"]
    deadline = (date.today() + timedelta(days=5)).isoformat()
    assert client.post(f"/api/v1/items/{item_id}/actions/assign", headers=auth("office"),
                       json={"unit_id": org.units["住建局"], "deadline": deadline,
                             "plan": "修"}).status_code == 200
    after = jpeg_bytes(39, (320, 240))
    m = {"id": str(uuid.uuid4()), "type": "item.rectified", "at": now_iso(),
         "payload": {"item_id": item_id, "note": "已修复", "photos": [sha(after)]}}
    first = push([m], user="handler")[0]
    assert first == {"id": m["id"], "status": "needs_photos", "missing": [sha(after)]}
    assert _detail(client, auth, item_id)["status"] == "assigned"
    upload(after, user="handler")
    assert push([m], user="handler")[0]["status"] == "applied"


def test_my_reports_lists_own_reports_newest_first(client, auth, org, push, upload):
    data = jpeg_bytes(40, (320, 240))
    older = report_mutation(org, description="路灯不亮")
    newer = report_mutation(org, photos=[sha(data)], description="井盖缺失")
    push([older, newer])
    push([report_mutation(org, description="别人的上报")], user="cadre2")
    body = client.get("/api/v1/me/reports", headers=auth("cadre")).get_json()
    assert body["total"] == 2 and body["page"] == 1
    assert [r["client_id"] for r in body["reports"]] == [newer["id"], older["id"]]
    assert body["reports"][0]["photos_pending"] == [sha(data)]
    upload(data)
    body = client.get("/api/v1/me/reports?per_page=1", headers=auth("cadre")).get_json()
    assert len(body["reports"]) == 1 and body["reports"][0]["photos"] == [sha(data)]
    assert body["reports"][0]["photos_pending"] == []


def test_my_reports_refuses_bad_paging(client, auth, org):
    for q in ("page=0", "per_page=201", "per_page=x", "cursor=1"):
        resp = client.get(f"/api/v1/me/reports?{q}", headers=auth("cadre"))
        assert resp.status_code == 422, q
        assert resp.get_json()["error"]["code"] == "validation_failed"
    assert client.get("/api/v1/me/reports").status_code == 401


def test_a_late_before_photo_equal_to_the_after_photo_is_flagged(
        client, auth, org, push, upload):
    """The before-photo arrives only after the unit sent the same picture as its fix."""
    data = jpeg_bytes(41, (320, 240))
    answer = push([report_mutation(org, photos=[sha(data)])])[0]
    item_id = answer["item_id"]
    deadline = (date.today() + timedelta(days=5)).isoformat()
    assert client.post(f"/api/v1/items/{item_id}/actions/assign", headers=auth("office"),
                       json={"unit_id": org.units["住建局"], "deadline": deadline,
                             "plan": "修"}).status_code == 200
    upload(data, user="handler")
    m = {"id": str(uuid.uuid4()), "type": "item.rectified", "at": now_iso(),
         "payload": {"item_id": item_id, "note": "已修复", "photos": [sha(data)]}}
    assert push([m], user="handler")[0]["status"] == "applied"
    upload(data)   # the cadre's phone sends the before-photo last
    kinds = [f["kind"] for f in _detail(client, auth, item_id)["flags"]]
    assert "after_equals_before" in kinds
