"""Read side of the ledger: the filtered list and one item with everything on it."""

import json

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import aliased

from server.extensions import db
from server.models import Area, Attachment, Event, Flag, Item, Report, Suggestion, Unit, User
from server.services.clock import local_today
from server.services.scope import load_item, visible_items
from sync.workflow import OPEN_STATES, is_overdue

SORTS = {
    "-created_at": (Item.created_at.desc(), Item.id.desc()),
    "created_at": (Item.created_at.asc(), Item.id.asc()),
    "deadline": (Item.deadline.asc().nulls_last(), Item.id.asc()),
    "-deadline": (Item.deadline.desc().nulls_last(), Item.id.desc()),
    "id": (Item.id.asc(),),
    "-id": (Item.id.desc(),),
    "-updated": (Item.change_seq.desc(),),
}


def _like(q: str) -> str:
    """A LIKE pattern matching `q` literally anywhere."""
    escaped = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def overdue_clause(today):
    """Open items whose deadline has passed (the SQL twin of `is_overdue`)."""
    return and_(Item.status.in_(OPEN_STATES), Item.deadline.is_not(None), Item.deadline < today)


def filter_conditions(user, f: dict) -> list:
    """The WHERE conditions for the list's filters, scope included."""
    conds = [visible_items(user)]
    if f.get("status"):
        conds.append(Item.status.in_(f["status"]))
    if f.get("category"):
        conds.append(Item.category == f["category"])
    if f.get("unit_id"):
        conds.append(Item.unit_id == f["unit_id"])
    if f.get("area_id"):
        conds.append(or_(Item.area_id == f["area_id"], Item.township_id == f["area_id"]))
    if f.get("leader_led") is not None:
        conds.append(Item.leader_led.is_(f["leader_led"]))
    if f.get("q"):
        conds.append(Item.description.like(_like(f["q"]), escape="\\"))
    if f.get("overdue") is not None:
        clause = overdue_clause(local_today())
        conds.append(clause if f["overdue"] else ~clause)
    if f.get("suggested") is not None:
        other = aliased(Item)
        has = (select(Suggestion.id).join(other, other.id == Suggestion.other_id)
               .where(Suggestion.item_id == Item.id, other.status.in_(OPEN_STATES)).exists())
        conds.append(and_(has, Item.status == "new") if f["suggested"] else ~has)
    if f.get("flagged") is not None:
        has = select(Flag.id).where(Flag.item_id == Item.id).exists()
        conds.append(has if f["flagged"] else ~has)
    return conds


def list_items(user, f: dict) -> tuple[list[Item], int]:
    """One page of the items the user may see, and the total for the filters."""
    conds = filter_conditions(user, f)
    total = db.session.execute(select(func.count()).select_from(Item).where(*conds)).scalar_one()
    stmt = (select(Item).where(*conds).order_by(*SORTS[f.get("sort", "-created_at")])
            .limit(f["per_page"]).offset((f["page"] - 1) * f["per_page"]))
    return list(db.session.execute(stmt).scalars()), total


def names(model, ids) -> dict:
    """id -> name for the given rows of a model with a `name` column."""
    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    rows = db.session.execute(select(model.id, model.name).where(model.id.in_(ids)))
    return dict(rows.all())


def flag_counts(item_ids) -> dict:
    """item id -> number of integrity flags."""
    if not item_ids:
        return {}
    rows = db.session.execute(select(Flag.item_id, func.count()).where(
        Flag.item_id.in_(item_ids)).group_by(Flag.item_id))
    return dict(rows.all())


def summarise(items: list[Item]) -> list[dict]:
    """Items as plain dicts with names, overdue and flag counts filled in."""
    today = local_today()
    areas = names(Area, [i.area_id for i in items])
    units = names(Unit, [i.unit_id for i in items])
    flags = flag_counts([i.id for i in items])
    out = []
    for it in items:
        row = {c: getattr(it, c) for c in Item.__table__.columns.keys()}
        row.update(area_name=areas.get(it.area_id), unit_name=units.get(it.unit_id),
                   overdue=is_overdue(it.status, it.deadline, today),
                   flag_count=flags.get(it.id, 0))
        out.append(row)
    return out


def item_detail(user, item_id: int) -> dict:
    """One item with its reports, photos, flags and events."""
    item = load_item(user, item_id)
    row = summarise([item])[0]
    reports = db.session.execute(select(Report).where(Report.item_id == item.id)
                                 .order_by(Report.id)).scalars().all()
    atts = db.session.execute(select(Attachment).where(Attachment.item_id == item.id)
                              .order_by(Attachment.id)).scalars().all()
    events = db.session.execute(select(Event).where(Event.item_id == item.id)
                                .order_by(Event.seq)).scalars().all()
    people = names(User, [r.reporter_id for r in reports] + [e.actor_id for e in events])
    by_report: dict = {}
    for a in atts:
        by_report.setdefault(a.report_id, []).append(a.photo_sha)
    row["reports"] = [{**{c: getattr(r, c) for c in Report.__table__.columns.keys()},
                       "reporter_name": people.get(r.reporter_id),
                       "photos": by_report.get(r.id, [])} for r in reports]
    row["photos"] = [{"sha256": a.photo_sha, "kind": a.kind, "report_id": a.report_id}
                     for a in atts]
    row["flags"] = [{"kind": f.kind, "photo_sha": f.photo_sha, "details": f.details,
                     "created_at": f.created_at}
                    for f in db.session.execute(select(Flag).where(Flag.item_id == item.id)
                                                .order_by(Flag.id)).scalars()]
    row["suggestions"] = _suggestions(item.id)
    row["events"] = [{"seq": e.seq, "action": e.action, "actor_id": e.actor_id,
                      "actor_name": people.get(e.actor_id), "at": e.at,
                      "from_state": e.from_state, "to_state": e.to_state, "lat": e.lat,
                      "lon": e.lon, "payload": json.loads(e.body)} for e in events]
    return row


def _suggestions(item_id: int) -> list[dict]:
    """Open items that may be the same problem as this one, best first."""
    rows = db.session.execute(
        select(Suggestion, Item.status).join(Item, Item.id == Suggestion.other_id)
        .where(Suggestion.item_id == item_id, Item.status.in_(OPEN_STATES))
        .order_by(Suggestion.score.desc())).all()
    return [{"item_id": s.other_id, "score": s.score, "details": s.details, "status": st}
            for s, st in rows]
