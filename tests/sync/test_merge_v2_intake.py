"""What merge v2 (issue 14) stores through a real push: a near item judged another
problem as a not-likely suggestion (kept out of the queue), and a report that bridges two
open items as a suggestion between them, both ways."""

from server.extensions import db
from server.models import Item, Suggestion
from tests.factories import AREA_LAT, AREA_LON
from tests.sync.conftest import report_mutation

M = 1 / 111_195.0   # a metre north, in degrees
SPOT = (AREA_LAT + 0.0021, AREA_LON + 0.0017)


def _at(org, text, metres=0.0, **kw):
    """A report at SPOT, `metres` north of it."""
    return report_mutation(org, lat=SPOT[0] + metres * M, lon=SPOT[1], description=text, **kw)


def test_trap_is_stored_as_not_likely_and_kept_out_of_the_queue(app, org, push, client, auth):
    lamp, pole = push([_at(org, "村委会门口路灯不亮，晚上黑"),
                       _at(org, "村委会门口路灯杆倾斜，快倒了", 6)])
    assert lamp["item_id"] != pole["item_id"]
    with app.app_context():
        row = db.session.query(Suggestion).filter_by(item_id=pole["item_id"]).one()
        assert (row.other_id, row.likely, row.score) == (lamp["item_id"], False, 0.0)
        assert row.details["conflict"] == "defect:路灯"
        assert "defect_differs" in row.details["reasons"]
    listed = client.get("/api/v1/items?suggested=true", headers=auth("office")).get_json()
    assert pole["item_id"] not in [i["id"] for i in listed["items"]]
    detail = client.get(f"/api/v1/items/{pole['item_id']}", headers=auth("office")).get_json()
    assert [(s["item_id"], s["likely"]) for s in detail["suggestions"]] == [
        (lamp["item_id"], False)]


def test_a_bridging_report_proposes_merging_the_two_items(app, org, push):
    south, north = push([_at(org, "村委会门口窨井盖缺失"), _at(org, "村委会门口井盖没了", 60)])
    assert south["item_id"] != north["item_id"]
    (middle,) = push([_at(org, "村委会门口井盖丢了，有个黑窟窿", 28)])
    assert middle["item_id"] in (south["item_id"], north["item_id"])
    with app.app_context():
        pairs = {(s.item_id, s.other_id): s for s in db.session.query(Suggestion)}
        assert set(pairs) == {(south["item_id"], north["item_id"]),
                              (north["item_id"], south["item_id"])}
        assert all(s.likely and s.details["bridge"] and "bridge" in s.details["reasons"]
                   for s in pairs.values())
        assert db.session.get(Item, middle["item_id"]).report_count == 2
