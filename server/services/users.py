"""Users: creation with roles, unit and assigned areas; at least one active admin."""

from sqlalchemy import String, cast, or_, select

from server.errors import ApiError
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


def is_active_admin(active: bool, roles: list[str] | None) -> bool:
    """Whether a user with this flag and these roles can administer the system."""
    return bool(active) and "admin" in (roles or ())


def _lock_admins_and(user: User) -> list[User]:
    """Lock, in id order, every active admin row and the user's own row; reload them.

    Two concurrent changes thus queue on the same rows, and the second sees the
    first one's result (PostgreSQL re-checks a locked row that changed meanwhile).
    """
    # roles is a JSON list of fixed names; its text holds "admin" exactly when it has it
    admin = User.active.is_(True) & cast(User.roles, String).like('%"admin"%')
    stmt = (select(User).where(or_(User.id == user.id, admin)).order_by(User.id)
            .with_for_update().execution_options(populate_existing=True))
    return list(db.session.execute(stmt).scalars())


def ensure_admin_remains(user: User, active: bool | None, roles: list[str] | None) -> None:
    """Refuse (409 last_admin) a change of `user` that would leave no active admin.

    `active` and `roles` are the new values, None where unchanged.
    """
    others = [u for u in _lock_admins_and(user)
              if u.id != user.id and is_active_admin(u.active, u.roles)]
    after = is_active_admin(user.active if active is None else active,
                            user.roles if roles is None else roles)
    if is_active_admin(user.active, user.roles) and not after and not others:
        raise ApiError("last_admin", {"user_id": user.id})
