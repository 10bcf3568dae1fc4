"""周抽查 made readable: a draw with its entries, an item's pending re-check and history.

Read side only; one query per draw for its entries with their names, one for the pending
re-checks of a page of items.
"""

from sqlalchemy import select
from sqlalchemy.orm import aliased

from server.extensions import db
from server.models import Area, Item, SpotCheck, SpotCheckEntry, Unit, User

_Sup, _Closer, _Checker, _Town = (aliased(User), aliased(User), aliased(User), aliased(Area))


def _entry_rows(where) -> list[dict]:
    """Entries matching `where`, with the item's place and unit and the people's names."""
    stmt = (select(SpotCheckEntry, SpotCheck.week, Item.category,
                   Area.name.label("area_name"), _Town.name.label("township_name"),
                   Unit.name.label("unit_name"), _Sup.name.label("supervisor_name"),
                   _Closer.name.label("closed_by_name"), _Checker.name.label("checker"))
            .join(SpotCheck, SpotCheck.id == SpotCheckEntry.spot_check_id)
            .join(Item, Item.id == SpotCheckEntry.item_id)
            .outerjoin(Area, Area.id == Item.area_id)
            .outerjoin(_Town, _Town.id == Item.township_id)
            .outerjoin(Unit, Unit.id == Item.unit_id)
            .outerjoin(_Sup, _Sup.id == SpotCheckEntry.supervisor_id)
            .outerjoin(_Closer, _Closer.id == SpotCheckEntry.closed_by)
            .outerjoin(_Checker, _Checker.id == SpotCheckEntry.rechecked_by)
            .where(where).order_by(SpotCheckEntry.spot_check_id, SpotCheckEntry.position))
    return [_entry(row) for row in db.session.execute(stmt)]


def _entry(row) -> dict:
    """One entry as the API gives it."""
    e = row.SpotCheckEntry
    return {"id": e.id, "spot_check_id": e.spot_check_id, "week": row.week,
            "item_id": e.item_id, "category": row.category, "area_name": row.area_name,
            "township_name": row.township_name, "unit_name": row.unit_name,
            "closed_at": e.closed_at, "closed_by_name": row.closed_by_name,
            "supervisor_id": e.supervisor_id, "supervisor_name": row.supervisor_name,
            "result": e.result, "note": e.note, "rechecked_at": e.rechecked_at,
            "rechecked_by_name": row.checker, "distance_m": e.distance_m}


def draw_json(sc: SpotCheck) -> dict:
    """A draw with its entries and their counts."""
    entries = _entry_rows(SpotCheckEntry.spot_check_id == sc.id)
    town = db.session.get(Area, sc.township_id) if sc.township_id else None
    drawer = db.session.get(User, sc.drawn_by)
    counts = {"pending": 0, "pass": 0, "fail": 0}
    for e in entries:
        counts[e["result"] or "pending"] += 1
    return {"id": sc.id, "week": sc.week, "seed": sc.seed, "size": sc.size,
            "population": len(sc.population or ()), "population_ids": sc.population,
            "township_id": sc.township_id, "township_name": town.name if town else None,
            "drawn_at": sc.drawn_at, "drawn_by_name": drawer.name if drawer else None,
            "counts": counts, "entries": entries}


def history(item_id: int) -> list[dict]:
    """Every spot-check entry of an item, oldest draw first."""
    return _entry_rows(SpotCheckEntry.item_id == item_id)


def pending_for(item_ids) -> dict[int, dict]:
    """The pending re-check of each of `item_ids` that has one, as item summaries carry it."""
    ids = list(item_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        select(SpotCheckEntry.id, SpotCheckEntry.item_id, SpotCheckEntry.supervisor_id,
               SpotCheck.week, User.name)
        .join(SpotCheck, SpotCheck.id == SpotCheckEntry.spot_check_id)
        .outerjoin(User, User.id == SpotCheckEntry.supervisor_id)
        .where(SpotCheckEntry.item_id.in_(ids), SpotCheckEntry.result.is_(None))
        .order_by(SpotCheckEntry.id.desc()))
    return {r.item_id: {"id": r.id, "week": r.week, "supervisor_id": r.supervisor_id,
                        "supervisor_name": r.name} for r in rows}
