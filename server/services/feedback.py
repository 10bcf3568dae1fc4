"""群众评议 (issue 16): residents rate a public item's progress without logging in; the
office reads what they said.

Limits keep one address (or a crowd) from flooding an item: per address per hour, per
address and item per day, per item per hour, each answered 429 with Retry-After. The
address is stored only as a keyed hash (HMAC with the secret key), never as such. The
text is stored as sent (within 500 characters, control characters refused by the
schema) and only ever shown as text; the public sees the counts, never the words.
"""

import hashlib
import hmac
from datetime import timedelta

from flask import current_app
from sqlalchemy import and_, func, select

from server.errors import ApiError
from server.extensions import db
from server.models import Area, Feedback, Item
from server.models.types import utcnow
from server.services import publication
from server.services.scope import whole_items


def address_key(address: str) -> str:
    """The keyed hash standing for a sender's address."""
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(secret, (address or "-").encode(), hashlib.sha256).hexdigest()


def _limits(key: str, item_id: int) -> list[tuple]:
    """(condition, window, how many are allowed) of each rate limit."""
    cfg = current_app.config
    return [(Feedback.address == key, timedelta(hours=1), cfg["FEEDBACK_PER_ADDRESS_HOUR"]),
            (and_(Feedback.address == key, Feedback.item_id == item_id), timedelta(days=1),
             cfg["FEEDBACK_PER_ITEM_ADDRESS_DAY"]),
            (Feedback.item_id == item_id, timedelta(hours=1), cfg["FEEDBACK_PER_ITEM_HOUR"])]


def _ensure_within_limits(key: str, item_id: int) -> None:
    """Refuse with 429 and the seconds until the oldest counted rating leaves its window."""
    now = utcnow()
    for cond, span, allowed in _limits(key, item_id):
        since = now - span
        count, oldest = db.session.execute(select(func.count(), func.min(Feedback.created_at))
                                           .where(cond, Feedback.created_at > since)).one()
        if count >= allowed:
            wait = max(1, int((oldest + span - now).total_seconds()) + 1)
            raise ApiError("too_many_feedback", {"retry_after_s": wait},
                           headers={"Retry-After": str(wait)})


def give(address: str, data: dict) -> Feedback:
    """Record one rating of a public item; 404 for anything not public."""
    item = db.session.execute(select(Item).where(
        Item.id == data["id"], publication.public_clause()).with_for_update()).scalar()
    if data["target"] != "item" or item is None:
        raise ApiError("not_found", {"target": data["target"], "id": data["id"]})
    key = address_key(address)
    _ensure_within_limits(key, item.id)
    text = (data.get("text") or "").strip() or None
    row = Feedback(target="item", item_id=item.id, rating=data["rating"], text=text,
                   item_status=item.status, address=key)
    db.session.add(row)
    db.session.flush()
    return row


def office_list(user, f: dict) -> dict:
    """Feedback on the items the user sees whole, newest first, with filters."""
    conds = [whole_items(user)]
    if f.get("item_id"):
        conds.append(Feedback.item_id == f["item_id"])
    if f.get("rating"):
        conds.append(Feedback.rating == f["rating"])
    if f.get("after_close") is not None:
        later = and_(Item.closed_at.is_not(None), Feedback.created_at > Item.closed_at)
        conds.append(later if f["after_close"] else ~later)
    base = select(Feedback, Item.status, Item.closed_at, Item.township_id).join(
        Item, Item.id == Feedback.item_id).where(*conds)
    total = db.session.execute(select(func.count()).select_from(base.subquery())).scalar_one()
    rows = db.session.execute(base.order_by(Feedback.created_at.desc(), Feedback.id.desc())
                              .limit(f["per_page"]).offset((f["page"] - 1) * f["per_page"])).all()
    towns = dict(db.session.execute(select(Area.id, Area.name)).all())
    return {"feedback": [_office_row(r, towns) for r in rows], "total": total,
            "page": f["page"], "per_page": f["per_page"]}


def _office_row(row, towns: dict) -> dict:
    """One rating as the office reads it."""
    fb = row.Feedback
    return {"id": fb.id, "item_id": fb.item_id, "rating": fb.rating, "text": fb.text,
            "created_at": fb.created_at, "item_status_then": fb.item_status,
            "item_status": row.status, "township": towns.get(row.township_id),
            "after_close": bool(row.closed_at is not None and fb.created_at > row.closed_at)}
