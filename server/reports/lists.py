"""Bounded item lists for the bulletins, with names and working days overdue."""

from sqlalchemy import func, select

from server.extensions import db
from server.models import Area, Category, Item, Unit
from server.reports.calendar import current_calendar
from server.reports.labels import STATUS_NAMES, to_local
from server.reports.periods import Window
from sync.workdays import overdue_working_days
from sync.workflow import RECTIFIED, judged_on

_COLUMNS = (Item.id, Item.description, Item.category, Item.area_id, Item.township_id,
            Item.unit_id, Item.status, Item.deadline, Item.closed_at, Item.leader_led,
            Item.leader_name, Item.return_count, Item.created_at, Item.rectified_at)


def count(conds: list) -> int:
    """How many items meet the conditions."""
    return db.session.execute(select(func.count()).select_from(Item).where(*conds)).scalar_one()


def fetch(conds: list, w: Window, limit: int, extra: tuple = ()) -> list[dict]:
    """Up to `limit` items meeting `conds`, most overdue (earliest deadline) first."""
    stmt = (select(*_COLUMNS, *extra).where(*conds)
            .order_by(Item.deadline.asc().nulls_last(), Item.id.asc()).limit(limit))
    rows = db.session.execute(stmt).all()
    lookups = _lookups(rows)
    names = [col.name for col in extra]
    return [{**_line(row, w, lookups), **{n: row._mapping[n] for n in names}} for row in rows]


def _lookups(rows) -> dict:
    """Names of the units, areas and categories the rows mention."""
    area_ids = {r.area_id for r in rows} | {r.township_id for r in rows}
    unit_ids = {r.unit_id for r in rows}
    return {
        "areas": _names(Area, area_ids),
        "units": _names(Unit, unit_ids),
        "categories": dict(db.session.execute(select(Category.code, Category.name)).all()),
    }


def _names(model, ids) -> dict:
    """id -> name of the given rows."""
    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    return dict(db.session.execute(select(model.id, model.name).where(model.id.in_(ids))).all())


def overdue_until(row, w: Window):
    """The day overdue days are counted to (sync.workflow.judged_on at the snapshot): the
    closing day, the rectification day of one waiting for verification, else the as-of
    day."""
    if row.closed_at is not None and row.closed_at < w.asof_utc:
        return to_local(row.closed_at).date()
    rectified = row.rectified_at if row.status == RECTIFIED else None
    if rectified is not None and rectified < w.asof_utc:
        return judged_on(RECTIFIED, w.asof, to_local(rectified).date())
    return w.asof


def _line(row, w: Window, lookups: dict) -> dict:
    """One list line as a plain dict."""
    areas = lookups["areas"]
    until = overdue_until(row, w)
    return {
        "id": row.id, "description": row.description, "category": row.category,
        "category_name": lookups["categories"].get(row.category, row.category),
        "area_name": areas.get(row.area_id), "township_name": areas.get(row.township_id),
        "unit_id": row.unit_id, "unit_name": lookups["units"].get(row.unit_id),
        "status": row.status, "status_name": STATUS_NAMES.get(row.status, row.status),
        "deadline": row.deadline, "closed_at": to_local(row.closed_at, aware=True),
        "created_at": to_local(row.created_at, aware=True), "leader_led": bool(row.leader_led),
        "leader_name": row.leader_name, "return_count": row.return_count,
        "overdue_days": overdue_working_days(row.deadline, until, current_calendar()),
    }
