"""Which items a user may see, and how much of each, as SQL conditions and one view rule.

A user sees an item whole through their roles, unit or assigned areas. A cadre also sees
the items their own reports joined, but only as a reporter: `reporter_row` and
`reporter_detail` are the one rule of what such a reporter sees.
"""

from sqlalchemy import ColumnElement, exists, false, or_, select, true

from server.errors import ApiError
from server.extensions import db
from server.models import Assignment, Attachment, Item, Report, User
from sync.hostile import INT_MAX
from sync.workflow import Actor

_SEE_ALL = {"office", "supervisor", "admin"}

# What a reporter outside an item's scope may see of the item itself: its progress, never
# its position, its people or their words. Every other field is blanked.
REPORTER_FIELDS = frozenset({
    "id", "status", "category", "area_id", "area_name", "township_id", "severity",
    "unit_id", "unit_name", "deadline", "overdue", "plan", "leader_led", "report_count",
    "return_count", "reject_reason", "merged_into_id", "created_at", "assigned_at",
    "rectified_at", "closed_at", "change_seq"})
_EVENT_FIELDS = ("seq", "action", "at", "from_state", "to_state")
_OWN_EVENT_PAYLOAD = ("report_id", "photos", "captured_at", "mutation_id")
_DETAIL_LISTS = ("reports", "photos", "flags", "suggestions", "events", "limited")


def actor_of(user: User) -> Actor:
    """The domain core's view of a user."""
    return Actor(user_id=user.id, roles=frozenset(user.roles or ()), unit_id=user.unit_id)


def whole_items(user: User) -> ColumnElement[bool]:
    """The condition selecting the items `user` sees whole (by role, unit or area)."""
    roles = set(user.roles or ())
    parts = []
    if roles & _SEE_ALL:
        parts.append(true() if user.township_id is None
                     else Item.township_id == user.township_id)
    if "handler" in roles and user.unit_id is not None:
        parts.append(Item.unit_id == user.unit_id)
    if "cadre" in roles:
        assigned = select(Assignment.area_id).where(Assignment.user_id == user.id)
        parts.append(Item.area_id.in_(assigned))
    return or_(*parts) if parts else false()


def _reported_by(user: User) -> ColumnElement[bool]:
    """Items holding a report of `user`, for a cadre (who follows what they reported)."""
    if "cadre" not in set(user.roles or ()):
        return false()
    return exists().where(Report.item_id == Item.id, Report.reporter_id == user.id)


def visible_items(user: User) -> ColumnElement[bool]:
    """The condition selecting the items `user` may see, whole or as a reporter."""
    return or_(whole_items(user), _reported_by(user))


def readable_attachments(user: User) -> ColumnElement[bool]:
    """The attachments whose photo `user` may see (joined with Item): any on an item they
    see whole; on an item they see as a reporter, only those of their own reports."""
    if "cadre" not in set(user.roles or ()):
        return whole_items(user)
    own = select(Report.id).where(Report.reporter_id == user.id)
    return or_(whole_items(user), Attachment.report_id.in_(own))


def seen_as_reporter(user: User, item_ids) -> set[int]:
    """Those of `item_ids` that `user` sees only as one of their reporters."""
    ids = set(item_ids)
    if not ids or "cadre" not in set(user.roles or ()):
        return set()
    whole = db.session.execute(select(Item.id).where(Item.id.in_(ids), whole_items(user)))
    return ids - set(whole.scalars())


def reporter_row(row: dict, own_reports: list[dict], own_flag_count: int) -> dict:
    """An item row as a reporter outside its scope sees it: progress and their own text."""
    out = {key: (value if key in REPORTER_FIELDS else None) for key, value in row.items()}
    out.update(description="\n".join(r["description"] for r in own_reports),
               leader_led=bool(row.get("leader_led")), needs_review=False,
               flag_count=own_flag_count)
    return out


def _reporter_event(event: dict, user_id: int) -> dict:
    """An event as such a reporter sees it: their own with their report, others' bare."""
    out = {key: event.get(key) for key in _EVENT_FIELDS}
    own = event.get("actor_id") == user_id
    out.update(actor_id=event["actor_id"] if own else None,
               actor_name=event.get("actor_name") if own else None,
               lat=event.get("lat") if own else None, lon=event.get("lon") if own else None,
               payload={k: v for k, v in event.get("payload", {}).items()
                        if own and k in _OWN_EVENT_PAYLOAD})
    return out


def reporter_detail(detail: dict, user_id: int) -> dict:
    """An item's detail as a reporter outside its scope sees it: the item's progress, their
    own reports and photos and the flags on those photos; nobody else's data."""
    reports = [r for r in detail["reports"] if r["reporter_id"] == user_id]
    report_ids = {r["id"] for r in reports}
    shas = {sha for r in reports for sha in r["photos"]}
    flags = [f for f in detail["flags"] if f.get("photo_sha") in shas]
    out = reporter_row({k: v for k, v in detail.items() if k not in _DETAIL_LISTS},
                       reports, len(flags))
    out.update(reports=reports, flags=flags, suggestions=[], limited=True,
               photos=[p for p in detail["photos"] if p.get("report_id") in report_ids],
               events=[_reporter_event(e, user_id) for e in detail["events"]])
    return out


def load_item(user: User, item_id: int, lock: bool = False, to_act: bool = False) -> Item:
    """Load an item the user may see (`to_act`: see whole, as acting on it needs; seeing it
    as one of its reporters is not enough), optionally locking it; not_found otherwise."""
    if not 0 < item_id <= INT_MAX:
        raise ApiError("not_found", {"item_id": item_id})
    scope = whole_items(user) if to_act else visible_items(user)
    stmt = select(Item).where(Item.id == item_id, scope)
    if lock:
        stmt = stmt.with_for_update(of=Item)
    item = db.session.execute(stmt).scalar_one_or_none()
    if item is None:
        raise ApiError("not_found", {"item_id": item_id})
    return item
