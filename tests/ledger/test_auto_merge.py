"""Duplicate reports through the real push: one item per real problem."""

from datetime import UTC, datetime, timedelta

from server.extensions import db
from server.models import Item
from tests.factories import AREA_LAT, AREA_LON, jpeg_bytes
from tests.sync.conftest import report_mutation

SPOT = (AREA_LAT + 0.0011, AREA_LON + 0.0007)


def _near(dlat_m: float, dlon_m: float = 0.0):
    return SPOT[0] + dlat_m / 111_195, SPOT[1] + dlon_m / 91_700


def test_three_wordings_of_one_manhole_make_one_item(client, auth, org, push, upload):
    words = [("cadre", "3号楼门口的窨井盖不见了，晚上很危险", (0, 0)),
             ("cadre2", "三号楼前面井盖丢失，有人差点掉下去", (12, -8)),
             ("boss", "3号楼门前下水道盖子没了", (-9, 15))]
    ids = []
    for n, (user, text, (dy, dx)) in enumerate(words):
        lat, lon = _near(dy, dx)
        photo = upload(jpeg_bytes(30 + n, (200, 150)), user=user)
        ids.append(push([report_mutation(org, photos=[photo], description=text, lat=lat,
                                         lon=lon, accuracy_m=8)], user=user)[0]["item_id"])
    assert len(set(ids)) == 1
    body = client.get(f"/api/v1/items/{ids[0]}", headers=auth("office")).get_json()
    assert body["report_count"] == 3 and len(body["reports"]) == 3
    assert {r["reporter_name"] for r in body["reports"]} == {"cadre", "cadre2", "boss"}
    assert len([p for p in body["photos"] if p["kind"] == "before"]) == 3
    assert [e["action"] for e in body["events"]] == ["create", "report", "report"]
    assert body["events"][1]["payload"]["merge"] == "join"
    # the second reporter now sees the item although it is outside their areas
    seen = client.get("/api/v1/items", headers=auth("cadre2")).get_json()
    assert ids[0] in [i["id"] for i in seen["items"]]


def test_different_problem_at_the_same_spot_stays_apart(client, auth, org, push):
    lat, lon = _near(0)
    a = push([report_mutation(org, description="路口井盖缺失", lat=lat, lon=lon)])[0]
    b = push([report_mutation(org, description="路口路灯晚上不亮", lat=lat, lon=lon)])[0]
    assert a["item_id"] != b["item_id"]


def test_same_words_far_apart_stay_apart(client, auth, org, push):
    a = push([report_mutation(org, description="井盖缺失", lat=SPOT[0], lon=SPOT[1])])[0]
    lat, lon = _near(500)
    b = push([report_mutation(org, description="井盖缺失", lat=lat, lon=lon)])[0]
    assert a["item_id"] != b["item_id"]


def test_no_usable_position_never_merges_and_is_marked(client, auth, org, push):
    a = push([report_mutation(org, description="井盖缺失", lat=SPOT[0], lon=SPOT[1])])[0]
    b = push([report_mutation(org, description="井盖缺失", lat=SPOT[0], lon=SPOT[1],
                              accuracy_m=450)])[0]
    c = push([report_mutation(org, description="井盖缺失", lat=None, lon=None,
                              accuracy_m=None)])[0]
    assert len({a["item_id"], b["item_id"], c["item_id"]}) == 3
    h = auth("office")
    for r in (b, c):
        body = client.get(f"/api/v1/items/{r['item_id']}", headers=h).get_json()
        assert body["needs_review"] is True
        assert a["item_id"] in [s["item_id"] for s in body["suggestions"]]
    listed = client.get("/api/v1/items?suggested=true", headers=h).get_json()
    assert {i["id"] for i in listed["items"]} >= {b["item_id"], c["item_id"]}


def test_closed_item_attracts_no_report_but_links_recurrence(client, auth, org, push, app):
    first = push([report_mutation(org, description="游园健身器材螺丝松动",
                                  lat=SPOT[0], lon=SPOT[1])])[0]["item_id"]
    with app.app_context():
        item = db.session.get(Item, first)
        item.status, item.closed_at = "closed", datetime.now(UTC).replace(tzinfo=None)
        db.session.commit()
    lat, lon = _near(6)
    again = push([report_mutation(org, description="健身器材又松了，螺丝掉了", lat=lat,
                                  lon=lon)])[0]["item_id"]
    assert again != first
    body = client.get(f"/api/v1/items/{again}", headers=auth("office")).get_json()
    assert body["recurrence_of_id"] == first
    assert body["events"][0]["payload"]["recurrence_of"] == first


def test_old_closure_is_no_recurrence(client, auth, org, push, app):
    first = push([report_mutation(org, description="游园健身器材螺丝松动",
                                  lat=SPOT[0], lon=SPOT[1])])[0]["item_id"]
    with app.app_context():
        item = db.session.get(Item, first)
        item.status = "closed"
        item.closed_at = datetime.now(UTC).replace(tzinfo=None) - timedelta(days=200)
        db.session.commit()
    again = push([report_mutation(org, description="健身器材又松了", lat=SPOT[0],
                                  lon=SPOT[1])])[0]["item_id"]
    body = client.get(f"/api/v1/items/{again}", headers=auth("office")).get_json()
    assert body["recurrence_of_id"] is None


def test_items_carry_their_grid_cell(app, org, push):
    r = push([report_mutation(org, lat=SPOT[0], lon=SPOT[1])])[0]
    with app.app_context():
        assert db.session.get(Item, r["item_id"]).cell
