"""Check-ins (现场签到, visits): a cadre on site at an area, judged for 丈量 duty on
arrival. Nothing a cadre records is refused for where or when it was made: a check-in
outside the area, at an area not theirs, or long after its phone time is stored, marked
and counted as not out (sync.duty). Reports are recorded by services.intake.
"""

from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from server.extensions import db
from server.models import Area, Assignment, Visit
from server.models.types import utcnow
from server.services import integrity
from server.services.clock import local_date
from sync.duty import counts_as_out
from sync.errors import DomainError
from sync.geo import haversine_m


def ensure_active_area(area):
    """An area (model or row) that exists and is active, or a validation error."""
    if area is None or not area.active:
        raise DomainError("validation_failed", "unknown area", {"field": "area_id"})
    return area


def _area(area_id: int) -> Area:
    """An active area, or a validation error."""
    return ensure_active_area(db.session.get(Area, area_id) if 0 < area_id < 2**31 else None)


def distance_to_area(area, lat: float | None, lon: float | None) -> float | None:
    """Metres from a position to the area's centre, when both are known."""
    if area.lat is None or area.lon is None or lat is None or lon is None:
        return None
    return round(haversine_m(area.lat, area.lon, lat, lon), 1)


def outside_area(area: Area, distance: float | None) -> bool:
    """True when a known distance exceeds the area's radius."""
    return integrity.beyond_radius(distance, area.radius_m)


def _assigned(user_id: int, area_id: int) -> bool:
    """Whether the area is one of the cadre's own (分包区域)."""
    return db.session.execute(select(Assignment.user_id).where(
        Assignment.user_id == user_id, Assignment.area_id == area_id)).first() is not None


def check_in(user, data: dict, client_id: str | None = None) -> Visit:
    """Record an on-site check-in at an area (现场签到), judged for duty as it arrives."""
    area = _area(data["area_id"])
    distance = distance_to_area(area, data["lat"], data["lon"])
    now = utcnow()
    at = data.get("client_at") or now
    accuracy = data.get("accuracy_m")
    own = _assigned(user.id, area.id)
    max_age = timedelta(days=current_app.config["CHECKIN_MAX_AGE_DAYS"])
    visit = Visit(user_id=user.id, area_id=area.id, lat=data["lat"], lon=data["lon"],
                  accuracy_m=accuracy, note=data.get("note"),
                  distance_m=distance, outside_area=outside_area(area, distance),
                  at=at, client_id=client_id, day=local_date(at), assigned=own,
                  counts=own and counts_as_out(distance, area.radius_m, accuracy),
                  late=now - at > max_age, received_at=now)
    db.session.add(visit)
    db.session.flush()
    return visit
