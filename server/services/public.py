"""The public progress page's data (晒账单): what residents may see, nothing personal.

No names, phone numbers, resident details, signatures or exact positions: areas are
shown at township level, coordinates rounded to 0.01° (about 1 km), and digit runs
that look like phone or ID numbers are masked in descriptions.
"""

import re

from sqlalchemy import func, select

from server.errors import ApiError
from server.extensions import db
from server.models import Area, Attachment, Category, Item, Unit
from server.services.clock import local_date, local_today
from sync.workflow import is_overdue

PUBLIC_STATES = ("new", "assigned", "rectified", "long_term", "closed")
PUBLIC_PHOTO_KINDS = ("before", "after")
_DIGITS = re.compile(r"\d{6,}")


def mask(text: str) -> str:
    """Hide digit runs long enough to be a phone or ID number."""
    return _DIGITS.sub(lambda m: m.group(0)[:3] + "*" * (len(m.group(0)) - 3), text)


def _photos(item_ids: list[int]) -> dict[int, dict[str, list[str]]]:
    """Before/after photo hashes per item."""
    out: dict[int, dict[str, list[str]]] = {}
    if item_ids:
        rows = db.session.execute(select(Attachment.item_id, Attachment.kind,
                                         Attachment.photo_sha).where(Attachment.item_id.in_(item_ids),
                                         Attachment.kind.in_(PUBLIC_PHOTO_KINDS))
                                  .order_by(Attachment.id))
        for item_id, kind, sha in rows:
            out.setdefault(item_id, {"before": [], "after": []})[kind].append(sha)
    return out


def _row(it: Item, towns: dict, units: dict, cats: dict, photos: dict, today) -> dict:
    """One item as the public sees it."""
    return {"id": it.id, "category": it.category, "category_name": cats.get(it.category),
            "township": towns.get(it.township_id), "status": it.status,
            "description": mask(it.description), "unit": units.get(it.unit_id),
            "deadline": it.deadline, "overdue": is_overdue(it.status, it.deadline, today,
                                                        local_date(it.rectified_at)),
            "reported_on": it.created_at.date(),
            "closed_on": it.closed_at.date() if it.closed_at else None,
            "lat": None if it.lat is None else round(it.lat, 2),
            "lon": None if it.lon is None else round(it.lon, 2),
            "photos": photos.get(it.id, {"before": [], "after": []})}


def public_items(f: dict) -> dict:
    """A page of public items with counts by status and category."""
    conds = [Item.status.in_(f.get("status") or PUBLIC_STATES)]
    if f.get("category"):
        conds.append(Item.category == f["category"])
    total = db.session.execute(select(func.count()).select_from(Item).where(*conds)).scalar_one()
    items = db.session.execute(
        select(Item).where(*conds).order_by(Item.created_at.desc(), Item.id.desc())
        .limit(f["per_page"]).offset((f["page"] - 1) * f["per_page"])).scalars().all()
    towns = dict(db.session.execute(select(Area.id, Area.name)
                                    .where(Area.kind == "township")).all())
    units = dict(db.session.execute(select(Unit.id, Unit.name)).all())
    cats = dict(db.session.execute(select(Category.code, Category.name)).all())
    photos, today = _photos([i.id for i in items]), local_today()
    base = Item.status.in_(PUBLIC_STATES)
    return {"items": [_row(i, towns, units, cats, photos, today) for i in items],
            "total": total, "page": f["page"], "per_page": f["per_page"],
            "by_status": dict(db.session.execute(select(Item.status, func.count())
                                                 .where(base).group_by(Item.status)).all()),
            "by_category": dict(db.session.execute(select(Item.category, func.count())
                                                   .where(base).group_by(Item.category)).all())}


def ensure_public_photo(sha: str) -> None:
    """Refuse any photo that is not a before/after photo of a public item."""
    found = db.session.execute(
        select(Attachment.id).join(Item, Item.id == Attachment.item_id)
        .where(Attachment.photo_sha == sha, Attachment.kind.in_(PUBLIC_PHOTO_KINDS),
               Item.status.in_(PUBLIC_STATES)).limit(1)).first()
    if not found:
        raise ApiError("not_found", {"sha256": sha})
