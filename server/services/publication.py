"""Publication of an item (issue 16): whether it is public, its public text, the office's
edits and 不公开 switch.

The rule is sync.publication; `public_clause` is its SQL twin. The public text is always
derived: sync.redact over the office's edit when there is one, else over the description,
so nothing the office types by hand escapes the redaction either.
"""

from sqlalchemy import and_, exists, not_, select

from server.errors import ApiError
from server.extensions import db
from server.models import Item, Publication, User
from server.models.types import utcnow
from server.services import audit
from server.services.scope import load_item
from sync.errors import DomainError
from sync.publication import PUBLIC_STATES, is_public, why_not_public
from sync.redact import redact


def public_clause():
    """SQL: the item is public (the twin of sync.publication.is_public)."""
    withheld = exists().where(Publication.item_id == Item.id, Publication.hidden.is_(True))
    return and_(Item.status.in_(PUBLIC_STATES), not_(withheld))


def choices(item_ids) -> dict[int, Publication]:
    """item id -> the office's publication row, for the items that have one."""
    ids = list(item_ids)
    if not ids:
        return {}
    rows = db.session.execute(select(Publication).where(Publication.item_id.in_(ids)))
    return {p.item_id: p for p in rows.scalars()}


def public_text(item: Item, pub: Publication | None) -> str:
    """The text residents read: the redacted edit, or the redacted description."""
    return redact(pub.text if pub is not None and pub.text else item.description).text


def office_view(item: Item) -> dict:
    """The item's publication as the office sees it: original and public text side by
    side, what was redacted where, and whether (or why not) it is public."""
    pub = db.session.get(Publication, item.id)
    source = pub.text if pub is not None and pub.text else item.description
    result = redact(source)
    hidden = bool(pub and pub.hidden)
    editor = db.session.get(User, pub.updated_by) if pub and pub.updated_by else None
    return {"public": is_public(item.status, hidden),
            "not_public_because": why_not_public(item.status, hidden),
            "original": item.description, "source": source, "edited": source != item.description,
            "text": result.text,
            "redactions": [{"start": s.start, "end": s.end, "kind": s.kind} for s in result.spans],
            "hidden": hidden, "hidden_reason": pub.hidden_reason if pub else None,
            "updated_at": pub.updated_at if pub else None,
            "updated_by_name": editor.name if editor else None}


def _validate(data: dict) -> None:
    """Withholding needs a reason."""
    if data.get("hidden") and not (data.get("hidden_reason") or "").strip():
        raise DomainError("reason_required", "a reason is needed to withhold an item",
                          {"field": "hidden_reason"})


def update(user: User, item_id: int, data: dict) -> Item:
    """The office edits the public text (None or "" restores the redacted description) and
    withholds or releases the item; one `publication` event records what changed."""
    item = load_item(user, item_id, lock=True, to_act=True)
    _validate(data)
    pub = db.session.get(Publication, item.id) or Publication(item_id=item.id)
    if "text" in data:
        text = (data["text"] or "").strip()
        pub.text = text if text and text != item.description else None
    if "hidden" in data:
        pub.hidden = bool(data["hidden"])
        pub.hidden_reason = data["hidden_reason"].strip() if pub.hidden else None
    pub.updated_by, pub.updated_at = user.id, utcnow()
    db.session.add(pub)
    # the history keeps the public text as published (redacted), not the office's draft:
    # handlers and reporters read the history too
    audit.record(item, "publication", user.id, item.status, {
        "edited": pub.text is not None, "text": public_text(item, pub) if pub.text else None,
        "hidden": bool(pub.hidden),
        "hidden_reason": redact(pub.hidden_reason).text if pub.hidden_reason else None})
    return item


def ensure_public(item: Item) -> Publication | None:
    """Refuse an item the public may not see (409 not_public); its publication row."""
    pub = db.session.get(Publication, item.id)
    if not is_public(item.status, bool(pub and pub.hidden)):
        raise ApiError("not_public", {"item_id": item.id,
                                      "reason": why_not_public(item.status,
                                                               bool(pub and pub.hidden))})
    return pub
