"""Check-ins (visits): a cadre on site at an area. Reports are recorded by services.intake."""

from server.extensions import db
from server.models import Area, Visit
from server.models.types import utcnow
from server.services import integrity
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


def check_in(user, data: dict, client_id: str | None = None) -> Visit:
    """Record an on-site check-in at an area (现场签到)."""
    area = _area(data["area_id"])
    distance = distance_to_area(area, data["lat"], data["lon"])
    visit = Visit(user_id=user.id, area_id=area.id, lat=data["lat"], lon=data["lon"],
                  accuracy_m=data.get("accuracy_m"), note=data.get("note"),
                  distance_m=distance, outside_area=outside_area(area, distance),
                  at=data.get("client_at") or utcnow(), client_id=client_id)
    db.session.add(visit)
    db.session.flush()
    return visit
