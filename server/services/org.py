"""The organisation as users see it: areas, categories and units."""

from flask import current_app
from sqlalchemy import select

from server.extensions import db
from server.models import Area, Assignment, Category, Unit
from server.services.duty import duty_of


def _areas_for(user) -> list[dict]:
    """Active areas, assigned ones first and marked; townships carry their name."""
    assigned = set(db.session.execute(
        select(Assignment.area_id).where(Assignment.user_id == user.id)).scalars())
    areas = db.session.execute(select(Area).where(Area.active.is_(True))
                               .order_by(Area.id)).scalars().all()
    townships = {a.id: a.name for a in areas if a.kind == "township"}
    if user.township_id is not None:
        areas = [a for a in areas if user.township_id in (a.id, a.township_id)
                 or a.id in assigned]
    rows = [{"id": a.id, "name": a.name, "kind": a.kind, "township_id": a.township_id,
             "township_name": townships.get(a.township_id), "lat": a.lat, "lon": a.lon,
             "radius_m": a.radius_m, "assigned": a.id in assigned} for a in areas]
    return sorted(rows, key=lambda r: (not r["assigned"], r["id"]))


def reference_data(user) -> dict:
    """What /me answers: the user, the reference lists and a cadre's duty."""
    cats = db.session.execute(select(Category).where(Category.active.is_(True))
                              .order_by(Category.position, Category.code)).scalars().all()
    units = db.session.execute(select(Unit).where(Unit.active.is_(True))
                               .order_by(Unit.id)).scalars().all()
    return {"user": user, "areas": _areas_for(user),
            "settings": {"verify_max_distance_m": current_app.config["VERIFY_MAX_DISTANCE_M"]},
            "categories": [{"code": c.code, "name": c.name} for c in cats],
            "units": [{"id": u.id, "name": u.name, "kind": u.kind} for u in units],
            "duty": duty_of(user)}
