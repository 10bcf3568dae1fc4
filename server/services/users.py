"""Users: creation with roles, unit and assigned areas."""

from sqlalchemy import select

from server.extensions import db
from server.models import Area, Assignment, Unit, User
from server.services.auth import hash_password
from sync.errors import DomainError

ROLES = ("cadre", "handler", "supervisor", "office", "admin")


def create_user(username: str, password: str, roles: list[str], name: str | None = None,
                unit_id: int | None = None, area_ids: list[int] | None = None,
                township_id: int | None = None) -> User:
    """Create a user; refuses unknown roles, units and areas and taken usernames."""
    if not roles or set(roles) - set(ROLES):
        raise DomainError("validation_failed", "unknown role", {"field": "roles"})
    if db.session.execute(select(User.id).where(User.username == username)).first():
        raise DomainError("validation_failed", "username taken", {"field": "username"})
    if unit_id is not None and db.session.get(Unit, unit_id) is None:
        raise DomainError("validation_failed", "unknown unit", {"field": "unit_id"})
    ensure_township(township_id)
    if "handler" in roles and unit_id is None:
        raise DomainError("validation_failed", "a handler needs a unit", {"field": "unit_id"})
    user = User(username=username, name=name or username, password_hash=hash_password(password),
                roles=list(dict.fromkeys(roles)), unit_id=unit_id, township_id=township_id)
    db.session.add(user)
    db.session.flush()
    for area_id in dict.fromkeys(area_ids or ()):
        if db.session.get(Area, area_id) is None:
            raise DomainError("validation_failed", "unknown area", {"field": "area_ids"})
        db.session.add(Assignment(user_id=user.id, area_id=area_id))
    db.session.flush()
    return user


def ensure_township(township_id: int | None) -> None:
    """A user's jurisdiction, when given, must be a township area."""
    if township_id is None:
        return
    area = db.session.get(Area, township_id) if 0 < township_id < 2**31 else None
    if area is None or area.kind != "township":
        raise DomainError("validation_failed", "not a township", {"field": "township_id"})
