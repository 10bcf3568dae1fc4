"""The public progress page's data (晒账单): what residents may see, nothing personal.

Only items the office has accepted and not withheld (services.publication.public_clause),
with the redacted public text; the place as township · area, never a position finer
than 0.01° (about 1 km); dates as local days; before/after photos only (re-encoded
derivatives); no names of cadres, handlers, supervisors or residents, no signatures.
"""

from sqlalchemy import func, select

from server.errors import ApiError
from server.extensions import db
from server.models import Area, Attachment, Category, Event, Feedback, Item, Unit
from server.services import publication
from server.services.clock import local_date, local_today
from sync.publication import PUBLIC_PHOTO_KINDS, RATINGS
from sync.workflow import is_overdue

# event action -> the step residents see (reopening after a failed spot check included)
_STEPS = {"assign": "accepted", "rectified": "rectified", "recheck": "rechecked"}


def _photos(item_ids: list[int]) -> dict[int, dict[str, list[str]]]:
    """Before/after photo hashes per item (only the items that have some)."""
    out: dict[int, dict[str, list[str]]] = {}
    if item_ids:
        rows = db.session.execute(
            select(Attachment.item_id, Attachment.kind, Attachment.photo_sha)
            .where(Attachment.item_id.in_(item_ids), Attachment.kind.in_(PUBLIC_PHOTO_KINDS))
            .order_by(Attachment.id))
        for item_id, kind, sha in rows:
            bucket = out.setdefault(item_id, {"before": [], "after": []})[kind]
            if sha not in bucket:
                bucket.append(sha)
    return out


def feedback_counts(item_ids: list[int]) -> dict[int, dict[str, int]]:
    """item id -> {rating: count} of 群众评议."""
    out = {i: dict.fromkeys(RATINGS, 0) for i in item_ids}
    if item_ids:
        rows = db.session.execute(select(Feedback.item_id, Feedback.rating, func.count())
                                  .where(Feedback.item_id.in_(item_ids))
                                  .group_by(Feedback.item_id, Feedback.rating))
        for item_id, rating, n in rows:
            out[item_id][rating] = n
    return out


def _names() -> tuple[dict, dict, dict]:
    """Area, unit and category names."""
    return (dict(db.session.execute(select(Area.id, Area.name)).all()),
            dict(db.session.execute(select(Unit.id, Unit.name)).all()),
            dict(db.session.execute(select(Category.code, Category.name)).all()))


def _place(town: str | None, area: str | None) -> str | None:
    """龙湖镇 · 郭老庄 (or whichever of the two is known)."""
    parts = [p for p in (town, area) if p]
    return " · ".join(dict.fromkeys(parts)) or None


def _row(it: Item, ctx: dict) -> dict:
    """One item as the public sees it."""
    areas, units, cats = ctx["names"]
    town, area = areas.get(it.township_id), areas.get(it.area_id)
    return {"id": it.id, "category": it.category, "category_name": cats.get(it.category),
            "township_id": it.township_id, "township": town, "area": area,
            "place": _place(town, area), "status": it.status,
            "text": publication.public_text(it, ctx["choices"].get(it.id)),
            "unit": units.get(it.unit_id), "deadline": it.deadline,
            "overdue": is_overdue(it.status, it.deadline, ctx["today"],
                                  local_date(it.rectified_at)),
            "reported_on": local_date(it.created_at), "accepted_on": local_date(it.assigned_at),
            "rectified_on": local_date(it.rectified_at), "closed_on": local_date(it.closed_at),
            "lat": None if it.lat is None else round(it.lat, 2),
            "lon": None if it.lon is None else round(it.lon, 2),
            "photos": ctx["photos"].get(it.id, {"before": [], "after": []}),
            "feedback": ctx["feedback"].get(it.id, dict.fromkeys(RATINGS, 0))}


def _rows(items: list[Item]) -> list[dict]:
    """Items as the public sees them, with what each row needs fetched once."""
    ids = [i.id for i in items]
    ctx = {"names": _names(), "choices": publication.choices(ids), "photos": _photos(ids),
           "feedback": feedback_counts(ids), "today": local_today()}
    return [_row(i, ctx) for i in items]


def _conditions(f: dict) -> list:
    """The list's filters over the public items."""
    conds = [publication.public_clause()]
    if f.get("status"):
        conds.append(Item.status.in_(f["status"]))
    if f.get("category"):
        conds.append(Item.category == f["category"])
    if f.get("township_id"):
        conds.append(Item.township_id == f["township_id"])
    return conds


def _counts(column) -> dict:
    """Public items counted by one column."""
    return dict(db.session.execute(select(column, func.count()).where(
        publication.public_clause()).group_by(column)).all())


def public_items(f: dict) -> dict:
    """A page of public items, newest first, with the counts the filters offer."""
    conds = _conditions(f)
    total = db.session.execute(select(func.count()).select_from(Item).where(*conds)).scalar_one()
    items = db.session.execute(
        select(Item).where(*conds).order_by(Item.created_at.desc(), Item.id.desc())
        .limit(f["per_page"]).offset((f["page"] - 1) * f["per_page"])).scalars().all()
    areas, _, cats = _names()
    by_town, by_cat = _counts(Item.township_id), _counts(Item.category)
    return {"items": _rows(items), "total": total, "page": f["page"], "per_page": f["per_page"],
            "by_status": _counts(Item.status), "by_category": by_cat,
            "townships": [{"id": t, "name": areas.get(t), "count": n}
                          for t, n in sorted(by_town.items(), key=lambda kv: -kv[1])
                          if t is not None],
            "categories": [{"code": c, "name": cats.get(c), "count": n}
                           for c, n in sorted(by_cat.items(), key=lambda kv: -kv[1])]}


def _steps(item: Item) -> list[dict]:
    """The item's progress as residents follow it: reported, accepted, rectified (each
    time), re-checked, closed; local days only, nobody's name."""
    steps = [{"step": "reported", "on": local_date(item.created_at)}]
    rows = db.session.execute(select(Event.action, Event.at, Event.to_state).where(
        Event.item_id == item.id).order_by(Event.seq))
    for action, at, to_state in rows:
        if action == "verify":
            steps.append({"step": "closed" if to_state == "closed" else "returned",
                          "on": local_date(at)})
        elif action in _STEPS:
            step = "reopened" if action == "recheck" and to_state != "closed" else _STEPS[action]
            steps.append({"step": step, "on": local_date(at)})
    return steps


def public_item(item_id: int) -> dict:
    """One public item with its progress; 404 for anything not public."""
    item = db.session.execute(select(Item).where(
        Item.id == item_id, publication.public_clause())).scalar()
    if item is None:
        raise ApiError("not_found", {"item_id": item_id})
    return {**_rows([item])[0], "steps": _steps(item)}


def ensure_public_photo(sha: str) -> None:
    """Refuse any photo that is not a before/after photo of a public item."""
    found = db.session.execute(
        select(Attachment.id).join(Item, Item.id == Attachment.item_id)
        .where(Attachment.photo_sha == sha, Attachment.kind.in_(PUBLIC_PHOTO_KINDS),
               publication.public_clause()).limit(1)).first()
    if not found:
        raise ApiError("not_found", {"sha256": sha})
