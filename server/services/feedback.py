"""群众评议 (issues 16, 17): residents rate a public item's or project's progress without
logging in; the office reads what they said.

Limits keep one address (or a crowd) from flooding a target: per address per hour (over
every target), per address and target per day, per target per hour, each answered 429
with Retry-After. The address is stored only as a keyed hash (HMAC with the secret key),
never as such. The text is stored as sent (within 500 characters, control characters
refused by the schema) and only ever shown as text; the public sees the counts, never the
words. `item_status` keeps the target's status when the rating was given (an item's or a
project's).
"""

import hashlib
import hmac
from datetime import timedelta

from flask import current_app
from sqlalchemy import and_, case, func, or_, select

from server.errors import ApiError
from server.extensions import db
from server.models import Area, Feedback, Item, Project, ProjectVerification
from server.models.types import utcnow
from server.services import public_projects, publication
from server.services.projects import visible_projects
from server.services.scope import whole_items
from sync.hostile import INT32_MAX

# target -> the Feedback column naming it
_COLUMN = {"item": Feedback.item_id, "project": Feedback.project_id}


def address_key(address: str) -> str:
    """The keyed hash standing for a sender's address."""
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(secret, (address or "-").encode(), hashlib.sha256).hexdigest()


def _limits(key: str, target: str, target_id: int) -> list[tuple]:
    """(condition, window, how many are allowed) of each rate limit."""
    cfg = current_app.config
    about = and_(Feedback.target == target, _COLUMN[target] == target_id)
    return [(Feedback.address == key, timedelta(hours=1), cfg["FEEDBACK_PER_ADDRESS_HOUR"]),
            (and_(Feedback.address == key, about), timedelta(days=1),
             cfg["FEEDBACK_PER_ITEM_ADDRESS_DAY"]),
            (about, timedelta(hours=1), cfg["FEEDBACK_PER_ITEM_HOUR"])]


def _ensure_within_limits(key: str, target: str, target_id: int) -> None:
    """Refuse with 429 and the seconds until the oldest counted rating leaves its window."""
    now = utcnow()
    for cond, span, allowed in _limits(key, target, target_id):
        since = now - span
        count, oldest = db.session.execute(select(func.count(), func.min(Feedback.created_at))
                                           .where(cond, Feedback.created_at > since)).one()
        if count >= allowed:
            wait = max(1, int((oldest + span - now).total_seconds()) + 1)
            raise ApiError("too_many_feedback", {"retry_after_s": wait},
                           headers={"Retry-After": str(wait)})


def _public_target(target: str, target_id: int):
    """The public item or project rated, locked so the limits count one rating at a time;
    404 for anything not public."""
    if target == "item":
        stmt = select(Item).where(Item.id == target_id, publication.public_clause())
    else:
        stmt = select(Project).where(Project.id == target_id, public_projects.public_clause())
    in_range = target == "item" or 0 < target_id <= INT32_MAX  # a project id is 32-bit
    found = db.session.execute(stmt.with_for_update()).scalar() if in_range else None
    if found is None:
        raise ApiError("not_found", {"target": target, "id": target_id})
    return found


def give(address: str, data: dict) -> Feedback:
    """Record one rating of a public item or project; 404 for anything not public."""
    target = data["target"]
    row_of = _public_target(target, data["id"])
    key = address_key(address)
    _ensure_within_limits(key, target, row_of.id)
    text = (data.get("text") or "").strip() or None
    row = Feedback(target=target, rating=data["rating"], text=text,
                   item_status=row_of.status, address=key,
                   **{f"{target}_id": row_of.id})
    db.session.add(row)
    db.session.flush()
    return row


def _closed_at():
    """When the rated target was closed (销号): an item's closed_at, a project's closing
    verification (closed is final for a project)."""
    project_closed = select(func.min(ProjectVerification.at)).where(
        ProjectVerification.project_id == Project.id,
        ProjectVerification.closes.is_(True)).scalar_subquery()
    return case((Feedback.target == "project", project_closed), else_=Item.closed_at)


def _conditions(user, f: dict, closed) -> list:
    """The office list's scope and filters."""
    conds = [or_(and_(Feedback.target == "item", whole_items(user)),
                 and_(Feedback.target == "project", visible_projects(user)))]
    if f.get("target"):
        conds.append(Feedback.target == f["target"])
    if f.get("item_id"):
        conds.append(Feedback.item_id == f["item_id"])
    if f.get("project_id"):
        conds.append(Feedback.project_id == f["project_id"])
    if f.get("rating"):
        conds.append(Feedback.rating == f["rating"])
    if f.get("after_close") is not None:
        later = and_(closed.is_not(None), Feedback.created_at > closed)
        conds.append(later if f["after_close"] else ~later)
    return conds


def office_list(user, f: dict) -> dict:
    """Feedback on the items the user sees whole and the projects they may read, newest
    first, with filters."""
    closed = _closed_at()
    base = (select(Feedback, Item.status.label("item_status_now"), Project.name,
                   Project.status.label("project_status_now"),
                   func.coalesce(Item.township_id, Project.township_id).label("town"),
                   closed.label("closed"))
            .outerjoin(Item, Item.id == Feedback.item_id)
            .outerjoin(Project, Project.id == Feedback.project_id)
            .where(*_conditions(user, f, closed)))
    total = db.session.execute(select(func.count()).select_from(base.subquery())).scalar_one()
    rows = db.session.execute(base.order_by(Feedback.created_at.desc(), Feedback.id.desc())
                              .limit(f["per_page"]).offset((f["page"] - 1) * f["per_page"])).all()
    towns = dict(db.session.execute(select(Area.id, Area.name)).all())
    return {"feedback": [_office_row(r, towns) for r in rows], "total": total,
            "page": f["page"], "per_page": f["per_page"]}


def _office_row(row, towns: dict) -> dict:
    """One rating as the office reads it."""
    fb, item = row.Feedback, row.Feedback.target == "item"
    return {"id": fb.id, "target": fb.target, "item_id": fb.item_id,
            "project_id": fb.project_id, "project_name": row.name,
            "rating": fb.rating, "text": fb.text, "created_at": fb.created_at,
            "item_status_then": fb.item_status if item else None,
            "item_status": row.item_status_now,
            "project_status_then": None if item else fb.item_status,
            "project_status": row.project_status_now, "township": towns.get(row.town),
            "after_close": bool(row.closed is not None and fb.created_at > row.closed)}
