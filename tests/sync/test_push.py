"""Push: exactly-once application, per-mutation results, bad input never blocks a batch."""

import uuid

import pytest

from server.extensions import db
from server.models import Item, Mutation, Report
from tests.factories import AREA_LAT, AREA_LON, now_iso
from tests.sync.conftest import report_mutation


def _count(app, model):
    with app.app_context():
        return db.session.query(model).count()


def test_report_applied_then_duplicate(app, org, push, upload, photos_dir):
    photo = upload((photos_dir / "Canon_40D.jpg").read_bytes())
    m = report_mutation(org, photos=[photo])
    first = push([m])[0]
    assert first["status"] == "applied" and first["item_id"] > 0
    again = push([m])[0]
    assert again["status"] == "duplicate" and again["item_id"] == first["item_id"]
    assert _count(app, Item) == 1 and _count(app, Report) == 1


def test_results_in_order_and_bad_ones_do_not_block(app, org, push):
    good1, good2 = report_mutation(org), report_mutation(org, description="路灯不亮")
    bad_type = {"id": str(uuid.uuid4()), "type": "item.delete", "at": now_iso(), "payload": {}}
    bad_lat = report_mutation(org, lat=91.0)
    nan = report_mutation(org)
    nan["payload"]["lon"] = float("nan")
    not_a_dict = "hello"
    future = report_mutation(org, captured_at="2099-01-01T00:00:00Z")
    ancient = report_mutation(org, captured_at="1999-12-31T23:00:00Z")
    wrong_type = report_mutation(org, area_id="1")
    unknown_area = report_mutation(org, area_id=999999)
    results = push([good1, bad_type, bad_lat, nan, not_a_dict, future, ancient, wrong_type,
                    unknown_area, good2])
    assert [r["status"] for r in results] == ["applied"] + ["rejected"] * 8 + ["applied"]
    assert results[1]["error"]["code"] == "unknown_mutation_type"
    assert {r["error"]["code"] for r in results[2:9]} == {"validation_failed"}
    assert results[2]["error"]["message"]
    assert _count(app, Item) == 2


def test_rejected_is_remembered(app, org, push):
    m = report_mutation(org, area_id=999999)
    assert push([m])[0]["status"] == "rejected"
    again = push([m])[0]
    assert again["status"] == "duplicate" and again["first_status"] == "rejected"
    assert again["error"]["code"] == "validation_failed"


def test_report_text_goes_first(app, org, push, upload, photos_dir):
    data = (photos_dir / "DSCN0012.jpg").read_bytes()
    from tests.factories import sha
    m = report_mutation(org, photos=[sha(data)])
    first = push([m])[0]
    assert first["status"] == "applied" and first["photos_pending"] == [sha(data)]
    assert _count(app, Mutation) == 1 and _count(app, Item) == 1
    upload(data)
    assert push([m])[0]["status"] == "duplicate"


def test_too_many_mutations_is_413(org, push):
    results = push([report_mutation(org) for _ in range(201)], status=413)
    assert results is None


def test_envelope_errors(client, auth, org):
    h = auth("cadre")
    for body in ({"mutations": []}, {"device_id": "x", "mutations": "no"}, [], {"device_id": ""}):
        resp = client.post("/api/v1/sync/push", json=body, headers=h)
        assert resp.status_code == 422, body
        assert resp.get_json()["error"]["code"] == "validation_failed"
    assert client.post("/api/v1/sync/push", json={"device_id": "x", "mutations": []}
                       ).status_code == 401


def test_mutation_id_of_another_user_is_refused(org, push):
    m = report_mutation(org)
    assert push([m])[0]["status"] == "applied"
    other = push([m], user="cadre2")[0]
    assert other["status"] == "rejected" and other["error"]["code"] == "conflict"


def test_checkin_inside_and_outside(app, org, push):
    inside = {"id": str(uuid.uuid4()), "type": "visit.checkin", "at": now_iso(),
              "payload": {"area_id": org.areas["郭老庄"], "lat": AREA_LAT + 0.001,
                          "lon": AREA_LON, "accuracy_m": 10}}
    outside = {"id": str(uuid.uuid4()), "type": "visit.checkin", "at": now_iso(),
               "payload": {"area_id": org.areas["郭老庄"], "lat": AREA_LAT + 0.05,
                           "lon": AREA_LON, "accuracy_m": 10}}
    r = push([inside, outside])
    assert r[0]["status"] == "applied" and r[0]["outside_area"] is False
    assert r[1]["status"] == "applied" and r[1]["outside_area"] is True


def test_report_can_reference_checkin_by_mutation_id(app, org, push):
    visit = {"id": str(uuid.uuid4()), "type": "visit.checkin", "at": now_iso(),
             "payload": {"area_id": org.areas["郭老庄"], "lat": AREA_LAT, "lon": AREA_LON}}
    rep = report_mutation(org, visit_id=visit["id"])
    r = push([visit, rep])
    with app.app_context():
        report = db.session.get(Report, r[1]["report_id"])
        assert report.visit_id == r[0]["visit_id"]


def test_phone_time_kept_beside_server_time(app, org, push):
    m = report_mutation(org, captured_at="2026-11-20T02:03:04+08:00")
    r = push([m])[0]
    with app.app_context():
        report = db.session.get(Report, r["report_id"])
        assert report.captured_at.isoformat() == "2026-11-19T18:03:04"
        assert report.received_at > report.captured_at
        row = db.session.get(Mutation, m["id"])
        assert row.client_at is not None and row.received_at is not None


@pytest.mark.parametrize("photos", [["A" * 64], ["x"], ["a" * 64] * 10])
def test_bad_photo_lists(org, push, photos):
    assert push([report_mutation(org, photos=photos)])[0]["status"] == "rejected"
