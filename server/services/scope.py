"""Which items a user may see, as one SQL condition, and the actor a user acts as."""

from sqlalchemy import ColumnElement, exists, false, or_, select, true

from server.errors import ApiError
from server.extensions import db
from server.models import Assignment, Item, Report, User
from sync.workflow import Actor

_SEE_ALL = {"office", "supervisor", "admin"}


def actor_of(user: User) -> Actor:
    """The domain core's view of a user."""
    return Actor(user_id=user.id, roles=frozenset(user.roles or ()), unit_id=user.unit_id)


def visible_items(user: User) -> ColumnElement[bool]:
    """The condition selecting the items `user` may see."""
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
        parts.append(exists().where(Report.item_id == Item.id, Report.reporter_id == user.id))
    return or_(*parts) if parts else false()


def load_item(user: User, item_id: int, lock: bool = False) -> Item:
    """Load an item the user may see, optionally locking it; not_found otherwise."""
    if not 0 < item_id < 2**63:
        raise ApiError("not_found", {"item_id": item_id})
    stmt = select(Item).where(Item.id == item_id, visible_items(user))
    if lock:
        stmt = stmt.with_for_update(of=Item)
    item = db.session.execute(stmt).scalar_one_or_none()
    if item is None:
        raise ApiError("not_found", {"item_id": item_id})
    return item
