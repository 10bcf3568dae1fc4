"""Read side of the ledger: the filtered list and one item with everything on it."""

import json

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import aliased

from server.extensions import db
from server.models import (
    Area,
    Attachment,
    Event,
    Flag,
    Item,
    Project,
    Report,
    Suggestion,
    Unit,
    User,
)
from server.reports.sql import overdue_now
from server.services import late_photos, spot_check_views
from server.services.clock import local_date, local_today, utc_offset_minutes
from server.services.scope import (
    load_item,
    reporter_detail,
    reporter_row,
    seen_as_reporter,
    visible_items,
    whole_items,
)
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
    """Open items overdue today (the SQL twin of sync.workflow.is_overdue)."""
    return overdue_now(today, utc_offset_minutes())


def filter_conditions(user, f: dict, whole: bool = False) -> list:
    """The WHERE conditions for the list's filters, scope included (`whole`: only the
    items the user sees whole, as exports and bulletins show them).

    Filters on what a reporter outside an item's scope may not read (its text, its flags,
    its suggestions) match only items seen whole, so nobody can probe another reporter's
    words through them.
    """
    probing = bool(f.get("q")) or f.get("flagged") is not None \
        or f.get("suggested") is not None
    conds = [whole_items(user) if whole or probing else visible_items(user)]
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
               .where(Suggestion.item_id == Item.id, Suggestion.likely.is_(True),
                      other.status.in_(OPEN_STATES)).exists())
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


def summarise(items: list[Item], viewer) -> list[dict]:
    """Items as plain dicts with names, overdue and flag counts filled in; the items the
    `viewer` sees only as a reporter are cut to what a reporter sees (viewer None: every
    item whole, for a caller that applies the rule itself)."""
    today = local_today()
    areas = names(Area, [i.area_id for i in items])
    units = names(Unit, [i.unit_id for i in items])
    flags = flag_counts([i.id for i in items])
    limited = seen_as_reporter(viewer, [i.id for i in items]) if viewer is not None else set()
    own_reports, own_flags = _own_parts(viewer, limited)
    sampled = spot_check_views.pending_for(i.id for i in items if i.status == "closed")
    out = []
    for it in items:
        row = {c: getattr(it, c) for c in Item.__table__.columns.keys()}
        row.update(area_name=areas.get(it.area_id), unit_name=units.get(it.unit_id),
                   overdue=is_overdue(it.status, it.deadline, today,
                                      local_date(it.rectified_at)),
                   flag_count=flags.get(it.id, 0), spot_check=sampled.get(it.id))
        if it.id in limited:
            row = reporter_row(row, own_reports.get(it.id, []), own_flags.get(it.id, 0))
        out.append(row)
    return out


def _own_parts(viewer, item_ids: set[int]) -> tuple[dict, dict]:
    """item id -> the viewer's own reports on it, and -> flags on the photos of those."""
    if not item_ids:
        return {}, {}
    reports: dict = {}
    for r in db.session.execute(select(Report).where(
            Report.item_id.in_(item_ids), Report.reporter_id == viewer.id)
            .order_by(Report.id)).scalars():
        reports.setdefault(r.item_id, []).append({"description": r.description})
    own_shas = (select(Attachment.photo_sha).join(Report, Report.id == Attachment.report_id)
                .where(Report.reporter_id == viewer.id, Attachment.item_id == Flag.item_id))
    flags = db.session.execute(select(Flag.item_id, func.count()).where(
        Flag.item_id.in_(item_ids), Flag.photo_sha.in_(own_shas)).group_by(Flag.item_id))
    return reports, dict(flags.all())


def item_detail(user, item_id: int) -> dict:
    """One item with its reports, photos, flags and events, as much as `user` may see."""
    item = load_item(user, item_id)
    row = _full_detail(item)
    if item.id in seen_as_reporter(user, [item.id]):
        return reporter_detail(row, user.id)
    return {**row, "limited": False}


def item_evidence(item_id: int) -> tuple[list[dict], list[dict]]:
    """An item's reports (each with its reporter's name, its photos and those still to
    come) and every photo used on it, as its detail shows them."""
    reports = db.session.execute(select(Report).where(Report.item_id == item_id)
                                 .order_by(Report.id)).scalars().all()
    atts = db.session.execute(select(Attachment).where(Attachment.item_id == item_id)
                              .order_by(Attachment.id)).scalars().all()
    people = names(User, [r.reporter_id for r in reports])
    by_report: dict = {}
    for a in atts:
        by_report.setdefault(a.report_id, []).append(a.photo_sha)
    coming = late_photos.waiting(r.id for r in reports)
    rows = [{**{c: getattr(r, c) for c in Report.__table__.columns.keys()},
             "reporter_name": people.get(r.reporter_id), "photos": by_report.get(r.id, []),
             "photos_pending": coming.get(r.id, [])} for r in reports]
    photos = [{"sha256": a.photo_sha, "kind": a.kind, "report_id": a.report_id} for a in atts]
    return rows, photos


def _full_detail(item: Item) -> dict:
    """Everything on one item: reports, photos, flags, suggestions, events and the project
    it was escalated into."""
    row = summarise([item], None)[0]  # item_detail cuts it for a reporter
    events = db.session.execute(select(Event).where(Event.item_id == item.id)
                                .order_by(Event.seq)).scalars().all()
    people = names(User, [e.actor_id for e in events])
    row["reports"], row["photos"] = item_evidence(item.id)
    row["flags"] = [{"kind": f.kind, "photo_sha": f.photo_sha, "details": f.details,
                     "created_at": f.created_at}
                    for f in db.session.execute(select(Flag).where(Flag.item_id == item.id)
                                                .order_by(Flag.id)).scalars()]
    # a closed, merged or rejected item is settled: nothing to merge it with any more
    row["suggestions"] = _suggestions(item.id) if item.status in OPEN_STATES else []
    row["events"] = [{"seq": e.seq, "action": e.action, "actor_id": e.actor_id,
                      "actor_name": people.get(e.actor_id), "at": e.at,
                      "from_state": e.from_state, "to_state": e.to_state, "lat": e.lat,
                      "lon": e.lon, "payload": json.loads(e.body)} for e in events]
    row["spot_checks"] = spot_check_views.history(item.id)
    row["project_id"] = db.session.execute(
        select(Project.id).where(Project.item_id == item.id)).scalar()
    return row


def _suggestions(item_id: int) -> list[dict]:
    """Open items that may be the same problem as this one, best first."""
    rows = db.session.execute(
        select(Suggestion, Item.status).join(Item, Item.id == Suggestion.other_id)
        .where(Suggestion.item_id == item_id, Item.status.in_(OPEN_STATES))
        .order_by(Suggestion.likely.desc(), Suggestion.score.desc())).all()
    return [{"item_id": s.other_id, "score": s.score, "details": s.details, "status": st,
             "likely": s.likely} for s, st in rows]
