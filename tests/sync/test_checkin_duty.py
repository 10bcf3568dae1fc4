"""Check-ins judged for 丈量 duty on arrival (issue 15): the local day of the phone time,
own area or not (非分包区域), out or not (inside the radius widened by the fix), late or
not. Every one is stored; none is refused for where or when it was made."""

import uuid
from datetime import UTC, datetime, timedelta

from server.extensions import db
from server.models import Visit
from tests.factories import AREA_LAT, AREA_LON


def _checkin(org, area="郭老庄", dlat=0.001, accuracy=10, at=None):
    at = at or datetime.now(UTC)
    return {"id": str(uuid.uuid4()), "type": "visit.checkin",
            "at": at.isoformat().replace("+00:00", "Z"),
            "payload": {"area_id": org.areas[area], "lat": AREA_LAT + dlat, "lon": AREA_LON,
                        "accuracy_m": accuracy}}


def _visit(app, visit_id):
    with app.app_context():
        v = db.session.get(Visit, visit_id)
        return {"day": v.day, "assigned": v.assigned, "counts": v.counts, "late": v.late,
                "outside": v.outside_area}


def test_own_area_inside_counts(app, org, push):
    (r,) = push([_checkin(org)])
    assert r["status"] == "applied" and r["counts"] is True and r["assigned"] is True
    assert r["late"] is False and r["distance_m"] > 100
    assert _visit(app, r["visit_id"])["counts"] is True


def test_far_checkin_is_stored_and_does_not_count(app, org, push):
    (r,) = push([_checkin(org, dlat=0.08)])   # about 8.9 km north
    assert r["status"] == "applied" and r["outside_area"] is True and r["counts"] is False
    assert r["distance_m"] > 8000


def test_accuracy_widens_the_radius(app, org, push):
    radius = 800  # tests/factories.py: 郭老庄
    edge = (radius + 40) / 111_195   # 40 m beyond the radius
    near, vague = push([_checkin(org, dlat=edge, accuracy=10),
                        _checkin(org, dlat=edge, accuracy=60)])
    assert near["counts"] is False and vague["counts"] is True


def test_an_area_not_ones_own_is_stored_and_does_not_count(app, org, push):
    (r,) = push([_checkin(org, area="三里岗社区", dlat=0.0)])
    assert r["status"] == "applied" and r["assigned"] is False and r["counts"] is False


def test_a_late_checkin_is_flagged_not_refused(app, org, push):
    old = datetime.now(UTC) - timedelta(days=8)
    (r,) = push([_checkin(org, at=old)])
    assert r["status"] == "applied" and r["late"] is True and r["counts"] is True
    assert _visit(app, r["visit_id"])["day"] == (old + timedelta(hours=8)).date()


def test_the_day_is_the_local_day_of_the_phone_time(app, org, push):
    evening = datetime.now(UTC).replace(hour=17, minute=30, second=0, microsecond=0)
    if evening > datetime.now(UTC):
        evening -= timedelta(days=1)
    (r,) = push([_checkin(org, at=evening)])
    assert _visit(app, r["visit_id"])["day"] == (evening + timedelta(days=1)).date()
