"""Check-ins made readable (GET /api/v1/visits): who was on site where, and what they
reported there.

Scope: a cadre sees their own check-ins; office, supervisor and admin see all of them, or
those at the areas of their township when they have one. A page is three queries: the
count, the visits with their names, and the reports made on those visits (linked by the
phone, or by the same cadre at the same area on the same local day).
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import ColumnElement, and_, false, func, or_, select, true
from sqlalchemy.orm import aliased

from server.extensions import db
from server.models import Area, Report, User, Visit
from server.services.clock import local_date

_SEE_ALL = {"office", "supervisor", "admin"}
_COLUMNS = ("id", "user_id", "area_id", "at", "received_at", "day", "lat", "lon",
            "accuracy_m", "distance_m", "outside_area", "assigned", "counts", "late", "note")


def _in_township(township_id: int) -> ColumnElement[bool]:
    """Visits at a township or at one of its areas (Visit joined with Area)."""
    return or_(Area.township_id == township_id, Visit.area_id == township_id)


def visible_visits(user: User) -> ColumnElement[bool]:
    """The condition selecting the check-ins `user` may read (Visit joined with Area)."""
    roles = set(user.roles or ())
    if roles & _SEE_ALL:
        return true() if user.township_id is None else _in_township(user.township_id)
    if "cadre" in roles:
        return Visit.user_id == user.id
    return false()


def _conditions(user: User, f: dict) -> list:
    """The scope and the filters of a query."""
    conds = [visible_visits(user)]
    if f.get("from_") is not None:
        conds.append(Visit.day >= f["from_"])
    if f.get("to") is not None:
        conds.append(Visit.day <= f["to"])
    if f.get("user_id") is not None:
        conds.append(Visit.user_id == f["user_id"])
    if f.get("area_id") is not None:
        conds.append(Visit.area_id == f["area_id"])
    if f.get("township_id") is not None:
        conds.append(_in_township(f["township_id"]))
    return conds


def _utc_bounds(first, last) -> tuple[datetime, datetime]:
    """The naive UTC times from the start of local day `first` to the end of `last`."""
    zone = ZoneInfo(current_app.config["TIMEZONE"])
    start = datetime.combine(first, time.min, zone)
    end = datetime.combine(last + timedelta(days=1), time.min, zone)
    return (start.astimezone(ZoneInfo("UTC")).replace(tzinfo=None),
            end.astimezone(ZoneInfo("UTC")).replace(tzinfo=None))


def _reports_for(visits: list[dict]) -> dict[int, list[dict]]:
    """visit id -> the reports made there: linked by the phone, or by the same cadre at the
    same area on the same local day of capture. One query for the whole page."""
    out: dict[int, list[dict]] = {v["id"]: [] for v in visits}
    days = [v["day"] for v in visits if v["day"] is not None]
    linked = Report.visit_id.in_(list(out))
    same_day = false()
    if days:
        start, end = _utc_bounds(min(days), max(days))
        same_day = and_(Report.reporter_id.in_({v["user_id"] for v in visits}),
                        Report.area_id.in_({v["area_id"] for v in visits}),
                        Report.captured_at >= start, Report.captured_at < end)
    rows = db.session.execute(select(Report.id, Report.item_id, Report.visit_id,
                                     Report.reporter_id, Report.area_id, Report.captured_at)
                              .where(or_(linked, same_day)).order_by(Report.id)).all()
    by_place: dict[tuple, list[int]] = {}
    for v in visits:
        by_place.setdefault((v["user_id"], v["area_id"], v["day"]), []).append(v["id"])
    for r in rows:
        targets = set(by_place.get((r.reporter_id, r.area_id, local_date(r.captured_at)), ()))
        if r.visit_id in out:
            targets.add(r.visit_id)
        for visit_id in targets:
            out[visit_id].append({"id": r.id, "item_id": r.item_id})
    return out


def page_of(user: User, f: dict) -> dict:
    """One page of the check-ins `user` may read, newest first, with names and reports."""
    conds = _conditions(user, f)
    base = select(Visit).join(Area, Area.id == Visit.area_id).where(*conds)
    total = db.session.execute(select(func.count()).select_from(base.subquery())).scalar()
    town = aliased(Area)
    stmt = (select(Visit, User.name, Area.name, town.name)
            .join(Area, Area.id == Visit.area_id).join(User, User.id == Visit.user_id)
            .outerjoin(town, town.id == Area.township_id).where(*conds)
            .order_by(Visit.at.desc(), Visit.id.desc())
            .offset((f["page"] - 1) * f["per_page"]).limit(f["per_page"]))
    rows = [{**{c: getattr(v, c) for c in _COLUMNS}, "user_name": user_name,
             "area_name": area_name, "township_name": town_name}
            for v, user_name, area_name, town_name in db.session.execute(stmt)]
    reports = _reports_for(rows) if rows else {}
    for row in rows:
        row["reports"] = reports[row["id"]]
    return {"visits": rows, "total": total, "page": f["page"], "per_page": f["per_page"]}
