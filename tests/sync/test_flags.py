"""Integrity flags raised with real photos: wrong place, wrong time, reuse, outside area."""

import io
import uuid
from datetime import date, timedelta

from PIL import Image

from tests.factories import AREA_LAT, AREA_LON, jpeg_bytes, now_iso
from tests.sync.conftest import report_mutation

# The DSCN walk was photographed in Italy in October 2008.
WALK_LAT, WALK_LON = 43.467448, 11.885127


def _flags(client, auth, item_id):
    body = client.get(f"/api/v1/items/{item_id}", headers=auth("office")).get_json()
    return sorted(f["kind"] for f in body["flags"]), body


def test_walk_photo_reported_in_xinzheng_is_flagged(client, auth, org, push, upload,
                                                    photos_dir):
    digest = upload((photos_dir / "DSCN0010.jpg").read_bytes())
    r = push([report_mutation(org, photos=[digest])])[0]
    kinds, body = _flags(client, auth, r["item_id"])
    assert kinds == ["photo_gps_far", "photo_time_far"]
    far = next(f for f in body["flags"] if f["kind"] == "photo_gps_far")
    assert far["photo_sha"] == digest and far["details"]["distance_m"] > 8_000_000
    assert body["flag_count"] == 2


def test_walk_photo_at_the_walk_is_clean(client, auth, org, push, upload, photos_dir):
    digest = upload((photos_dir / "DSCN0012.jpg").read_bytes())
    m = report_mutation(org, photos=[digest], lat=43.467157, lon=11.885395,
                        captured_at="2008-10-22T08:30:00Z")   # 16:29 local in Asia/Shanghai
    r = push([m])[0]
    kinds, _ = _flags(client, auth, r["item_id"])
    assert kinds == ["outside_area"]   # far from 郭老庄, but the photo matches its report


def test_same_photo_on_two_items_is_flagged(client, auth, org, push, upload, photos_dir):
    digest = upload((photos_dir / "landscape_1.jpg").read_bytes())
    a = push([report_mutation(org, photos=[digest])])[0]
    b = push([report_mutation(org, photos=[digest], description="另一处问题")])[0]
    assert _flags(client, auth, a["item_id"])[0] == []
    kinds, body = _flags(client, auth, b["item_id"])
    assert kinds == ["photo_reused"]
    assert body["flags"][0]["details"]["other_item_id"] == a["item_id"]


def test_reencoded_copy_is_flagged_as_reuse(client, auth, org, push, upload, photos_dir):
    original = (photos_dir / "landscape_1.jpg").read_bytes()
    buf = io.BytesIO()
    Image.open(io.BytesIO(original)).resize((300, 225)).save(buf, "JPEG", quality=60)
    a = push([report_mutation(org, photos=[upload(original)])])[0]
    b = push([report_mutation(org, photos=[upload(buf.getvalue())])])[0]
    assert a["item_id"] != b["item_id"]
    assert _flags(client, auth, b["item_id"])[0] == ["photo_reused"]


def test_after_photo_equal_to_before_photo(client, auth, org, push, upload, photos_dir):
    before = upload((photos_dir / "portrait_8.jpg").read_bytes())
    item_id = push([report_mutation(org, photos=[before])])[0]["item_id"]
    deadline = (date.today() + timedelta(days=5)).isoformat()
    client.post(f"/api/v1/items/{item_id}/actions/assign", headers=auth("office"),
                json={"unit_id": org.units["住建局"], "deadline": deadline, "plan": "修复"})
    after = upload((photos_dir / "portrait_8.jpg").read_bytes(), user="handler")
    r = push([{"id": str(uuid.uuid4()), "type": "item.rectified", "at": now_iso(),
               "payload": {"item_id": item_id, "note": "已修复", "photos": [after]}}],
             user="handler")[0]
    assert r["status"] == "applied"
    assert _flags(client, auth, item_id)[0] == ["after_equals_before"]


def test_distinct_photos_raise_nothing(client, auth, org, push, upload):
    a = push([report_mutation(org, photos=[upload(jpeg_bytes(1))])])[0]
    b = push([report_mutation(org, photos=[upload(jpeg_bytes(2))])])[0]
    assert _flags(client, auth, a["item_id"])[0] == []
    assert _flags(client, auth, b["item_id"])[0] == []


def test_report_outside_area_radius(client, auth, org, push):
    r = push([report_mutation(org, lat=AREA_LAT + 0.02, lon=AREA_LON)])[0]
    kinds, body = _flags(client, auth, r["item_id"])
    assert kinds == ["outside_area"] and body["flags"][0]["details"]["radius_m"] == 800
    listed = client.get("/api/v1/items?flagged=true", headers=auth("office")).get_json()
    assert [i["id"] for i in listed["items"]] == [r["item_id"]]


def test_cut_short_photo_is_stored_and_flagged(client, auth, org, push, upload, photos_dir):
    data = (photos_dir / "DSCN0025.jpg").read_bytes()
    cut = data[: len(data) * 2 // 3]
    r = push([report_mutation(org, photos=[upload(cut)])])[0]
    kinds, body = _flags(client, auth, r["item_id"])
    assert "photo_damaged" in kinds
