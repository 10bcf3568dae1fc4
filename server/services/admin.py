"""Administration: users, units, areas and cadre–area assignments."""

from sqlalchemy import delete, select

from server.errors import ApiError
from server.extensions import db
from server.models import Area, Assignment, Unit, User
from server.services.auth import set_active, set_password
from server.services.users import (
    ROLES,
    create_user,
    ensure_admin_remains,
    ensure_township,
)
from sync.errors import DomainError

AREA_KINDS = ("township", "village", "community", "road", "enterprise", "project", "work")


def _get(model, row_id: int):
    """A row by id, or not_found."""
    row = db.session.get(model, row_id) if 0 < row_id < 2**31 else None
    if row is None:
        raise ApiError("not_found", {"id": row_id})
    return row


def user_row(user: User) -> dict:
    """A user as the administration screens show it."""
    areas = db.session.execute(select(Assignment.area_id).where(
        Assignment.user_id == user.id).order_by(Assignment.area_id)).scalars().all()
    return {"id": user.id, "username": user.username, "name": user.name, "roles": user.roles,
            "unit_id": user.unit_id, "township_id": user.township_id, "active": user.active,
            "area_ids": list(areas)}


def list_users() -> list[dict]:
    """Every user, by id."""
    return [user_row(u) for u in db.session.execute(select(User).order_by(User.id)).scalars()]


def add_user(data: dict) -> User:
    """Create a user from the administration form."""
    return create_user(data["username"], data["password"], data["roles"], data.get("name"),
                       data.get("unit_id"), data.get("area_ids"), data.get("township_id"))


def set_areas(user: User, area_ids: list[int]) -> None:
    """Replace a user's assigned areas."""
    for area_id in area_ids:
        if db.session.get(Area, area_id) is None:
            raise DomainError("validation_failed", "unknown area", {"field": "area_ids"})
    db.session.execute(delete(Assignment).where(Assignment.user_id == user.id))
    db.session.add_all(Assignment(user_id=user.id, area_id=a) for a in dict.fromkeys(area_ids))


def _check_patch(user: User, data: dict) -> None:
    """Refuse unknown roles, units and townships and a handler left without a unit."""
    if "roles" in data and (not data["roles"] or set(data["roles"]) - set(ROLES)):
        raise DomainError("validation_failed", "unknown role", {"field": "roles"})
    if data.get("unit_id") is not None:
        _get(Unit, data["unit_id"])
    ensure_township(data.get("township_id"))
    roles = data.get("roles", user.roles)
    unit_id = data["unit_id"] if "unit_id" in data else user.unit_id
    if "handler" in roles and unit_id is None:
        raise DomainError("validation_failed", "a handler needs a unit", {"field": "unit_id"})
    for area_id in data.get("area_ids", ()):
        if db.session.get(Area, area_id) is None:
            raise DomainError("validation_failed", "unknown area", {"field": "area_ids"})


def update_user(user_id: int, data: dict) -> User:
    """Change a user's name, roles, unit, township, areas, password or active flag.

    Checks run 404, then the body, then 409 (the last active admin stays one); a
    new password or a change of the active flag ends the user's sessions.
    """
    user = _get(User, user_id)
    _check_patch(user, data)
    if "active" in data or "roles" in data:
        ensure_admin_remains(user, data.get("active"), data.get("roles"))
    for key in ("name", "roles", "unit_id", "township_id"):
        if key in data:
            setattr(user, key, data[key])
    if "active" in data:
        set_active(user, data["active"])
    if data.get("password"):
        set_password(user, data["password"])
    if "area_ids" in data:
        set_areas(user, data["area_ids"])
    return user


def list_units() -> list[Unit]:
    """Every unit, active or not."""
    return list(db.session.execute(select(Unit).order_by(Unit.id)).scalars())


def save_unit(data: dict, unit_id: int | None = None) -> Unit:
    """Create a unit or change one; names are unique."""
    unit = _get(Unit, unit_id) if unit_id else Unit()
    if "name" in data:
        clash = db.session.execute(select(Unit.id).where(Unit.name == data["name"],
                                                          Unit.id != (unit_id or 0))).first()
        if clash:
            raise DomainError("validation_failed", "unit name taken", {"field": "name"})
    for key in ("name", "kind", "active"):
        if key in data:
            setattr(unit, key, data[key])
    db.session.add(unit)
    db.session.flush()
    return unit


def list_areas() -> list[Area]:
    """Every area, townships first."""
    return list(db.session.execute(select(Area).order_by(Area.township_id.is_not(None),
                                                         Area.id)).scalars())


def save_area(data: dict, area_id: int | None = None) -> Area:
    """Create an area or change one; a non-township area may sit in a township."""
    area = _get(Area, area_id) if area_id else Area()
    town = data.get("township_id")
    if town is not None and _get(Area, town).kind != "township":
        raise DomainError("validation_failed", "not a township", {"field": "township_id"})
    for key in ("name", "kind", "township_id", "lat", "lon", "radius_m", "active"):
        if key in data:
            setattr(area, key, data[key])
    db.session.add(area)
    db.session.flush()
    return area
