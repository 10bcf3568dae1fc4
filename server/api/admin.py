"""Administration over HTTP: users, units, areas, and sheet imports (admin only)."""

from flask import request

from server.api.guard import auth_required
from server.api.parser import ZlBlueprint
from server.api.schemas.admin import (
    AreaIn,
    AreaOut,
    ImportOut,
    UnitIn,
    UnitOut,
    UserIn,
    UserOut,
    UserPatch,
)
from server.errors import ApiError
from server.extensions import db
from server.services import admin, importer

blp = ZlBlueprint("admin", __name__, url_prefix="/api/v1/admin", description="系统管理")
ADMIN = auth_required("admin")


@blp.get("/users")
@ADMIN
@blp.response(200, UserOut(many=True))
def list_users():
    """Every user with roles, unit and assigned areas."""
    return admin.list_users()


@blp.post("/users")
@ADMIN
@blp.arguments(UserIn)
@blp.response(201, UserOut)
def create_user(body):
    """Create a user."""
    user = admin.add_user(body)
    db.session.commit()
    return admin.user_row(user)


@blp.patch("/users/<int:user_id>")
@ADMIN
@blp.arguments(UserPatch)
@blp.response(200, UserOut)
def update_user(body, user_id):
    """Change a user; a new password or a disable ends their tokens; the last admin stays."""
    user = admin.update_user(user_id, body)
    db.session.commit()
    return admin.user_row(user)


@blp.get("/units")
@ADMIN
@blp.response(200, UnitOut(many=True))
def list_units():
    """Every unit."""
    return admin.list_units()


@blp.post("/units")
@ADMIN
@blp.arguments(UnitIn)
@blp.response(201, UnitOut)
def create_unit(body):
    """Create a unit."""
    unit = admin.save_unit(body)
    db.session.commit()
    return unit


@blp.patch("/units/<int:unit_id>")
@ADMIN
@blp.arguments(UnitIn(partial=True))
@blp.response(200, UnitOut)
def update_unit(body, unit_id):
    """Rename, re-kind or (de)activate a unit."""
    unit = admin.save_unit(body, unit_id)
    db.session.commit()
    return unit


@blp.get("/areas")
@ADMIN
@blp.response(200, AreaOut(many=True))
def list_areas():
    """Every area."""
    return admin.list_areas()


@blp.post("/areas")
@ADMIN
@blp.arguments(AreaIn)
@blp.response(201, AreaOut)
def create_area(body):
    """Create an area."""
    area = admin.save_area(body)
    db.session.commit()
    return area


@blp.patch("/areas/<int:area_id>")
@ADMIN
@blp.arguments(AreaIn(partial=True))
@blp.response(200, AreaOut)
def update_area(body, area_id):
    """Change an area."""
    area = admin.save_area(body, area_id)
    db.session.commit()
    return area


def _upload() -> bytes:
    """The sheet sent as the raw body or as the `file` field of a form."""
    data = request.files["file"].read() if "file" in request.files else request.get_data()
    if not data:
        raise ApiError("bad_sheet")
    return data


@blp.post("/import/<any(areas, assignments):what>")
@ADMIN
@blp.response(200, ImportOut)
def import_sheet(what):
    """Import areas or cadre–area assignments from an XLSX or CSV sheet, all or nothing."""
    run = importer.import_areas if what == "areas" else importer.import_assignments
    created = run(_upload())
    db.session.commit()
    return {"created": created}
