"""Field records: check-ins (visits) and problem reports that open ledger items."""

from datetime import datetime

from sqlalchemy import select

from server.extensions import db
from server.models import Area, Category, Item, Report, Visit
from server.models.types import utcnow
from server.services import audit, evidence, integrity, merging
from sync.errors import DomainError
from sync.geo import haversine_m
from sync.merge import Decision, ReportSignal


def _area(area_id: int) -> Area:
    """An active area, or a validation error."""
    area = db.session.get(Area, area_id) if 0 < area_id < 2**31 else None
    if area is None or not area.active:
        raise DomainError("validation_failed", "unknown area", {"field": "area_id"})
    return area


def _category(code: str) -> Category:
    """An active category, or a validation error."""
    cat = db.session.get(Category, code)
    if cat is None or not cat.active:
        raise DomainError("validation_failed", "unknown category", {"field": "category"})
    return cat


def distance_to_area(area: Area, lat: float | None, lon: float | None) -> float | None:
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


def _visit_id(user, visit_ref) -> int | None:
    """Resolve a visit given by server id or by the phone's mutation id."""
    if visit_ref is None:
        return None
    stmt = select(Visit.id).where(Visit.user_id == user.id)
    if isinstance(visit_ref, int):
        stmt = stmt.where(Visit.id == visit_ref)
    else:
        stmt = stmt.where(Visit.client_id == str(visit_ref))
    return db.session.execute(stmt).scalar_one_or_none()


def new_item_for(report: Report, area: Area, decision: Decision) -> Item:
    """Open a new ledger item from a report, with what the merge decision noticed."""
    item = Item(status="new", category=report.category, area_id=area.id,
                township_id=area.township_id or (area.id if area.kind == "township" else None),
                description=report.description, severity=report.severity, lat=report.lat,
                lon=report.lon, accuracy_m=report.accuracy_m, reporter_id=report.reporter_id,
                report_count=1, needs_review=decision.needs_review,
                cell=merging.cell_for(report.lat, report.lon),
                recurrence_of_id=decision.recurrence_of)
    db.session.add(item)
    db.session.flush()
    merging.record_suggestions(item, decision)
    return item


def _join(item_id: int, report: Report) -> Item:
    """Add a report to the open item it duplicates (locked: reports may race)."""
    item = db.session.execute(select(Item).where(Item.id == item_id)
                              .with_for_update()).scalar_one()
    item.report_count += 1
    if report.severity == "urgent":
        item.severity = "urgent"
    return item


def _merge_payload(decision: Decision) -> dict:
    """What the event records about the merge decision."""
    out = {"merge": decision.kind, "score": decision.score,
           "suggestions": list(decision.suggested_item_ids)}
    if decision.recurrence_of:
        out["recurrence_of"] = decision.recurrence_of
    if decision.needs_review:
        out["needs_review"] = True
    return out


def create_report(user, data: dict, client_id: str | None = None) -> Report:
    """Record a problem report: join the open item it duplicates, or open a new one."""
    area = _area(data["area_id"])
    _category(data["category"])
    photos = tuple(data.get("photos") or ())
    evidence.require_photos(photos)
    captured: datetime = data["captured_at"]
    report = Report(reporter_id=user.id, area_id=area.id,
                    visit_id=_visit_id(user, data.get("visit_id")),
                    category=data["category"], description=data["description"].strip(),
                    severity=data.get("severity", "normal"), lat=data.get("lat"),
                    lon=data.get("lon"), accuracy_m=data.get("accuracy_m"),
                    captured_at=captured, client_id=client_id)
    decision = merging.decide_for(ReportSignal(
        category=report.category, lat=report.lat, lon=report.lon,
        accuracy_m=report.accuracy_m, description=report.description, area_id=area.id))
    if decision.kind == "join":
        item = _join(decision.item_id, report)
        action, before = "report", item.status
    else:
        item, action, before = new_item_for(report, area, decision), "create", None
    report.item_id = item.id
    db.session.add(report)
    db.session.flush()
    integrity.check_outside_area(item, distance_to_area(area, report.lat, report.lon),
                                 area.radius_m)
    integrity.check_photos(item, photos, "before", report.lat, report.lon, captured)
    evidence.attach(item, photos, "before", report_id=report.id)
    # Last, so the chain-head lock is held only from here to the commit.
    audit.record(item, action, user.id, before,
                 {"report_id": report.id, "photos": list(photos),
                  "captured_at": captured.isoformat(), "mutation_id": client_id,
                  **_merge_payload(decision)},
                 report.lat, report.lon)
    return report
