"""Schemas of the administration endpoints."""

from marshmallow import Schema, fields, validate

from server.api.schemas.common import StrictSchema
from server.services.admin import AREA_KINDS
from server.services.users import ROLES
from sync.protocol import latitude, longitude

_ID = validate.Range(1, 2**31 - 1)


class UserIn(StrictSchema):
    """A new user."""

    username = fields.String(required=True, validate=validate.Regexp(r"^[A-Za-z0-9_.-]{2,60}$"))
    password = fields.String(required=True, validate=validate.Length(8, 200))
    name = fields.String(validate=validate.Length(1, 60))
    roles = fields.List(fields.String(validate=validate.OneOf(ROLES)), required=True,
                        validate=validate.Length(1, 5))
    unit_id = fields.Integer(allow_none=True, validate=_ID)
    township_id = fields.Integer(allow_none=True, validate=_ID)
    area_ids = fields.List(fields.Integer(validate=_ID), validate=validate.Length(max=200))


class UserPatch(StrictSchema):
    """Changes to a user."""

    password = fields.String(validate=validate.Length(8, 200))
    name = fields.String(validate=validate.Length(1, 60))
    roles = fields.List(fields.String(validate=validate.OneOf(ROLES)),
                        validate=validate.Length(1, 5))
    unit_id = fields.Integer(allow_none=True, validate=_ID)
    township_id = fields.Integer(allow_none=True, validate=_ID)
    area_ids = fields.List(fields.Integer(validate=_ID), validate=validate.Length(max=200))
    active = fields.Boolean()


class UserOut(Schema):
    """A user in the administration list."""

    id = fields.Integer()
    username = fields.String()
    name = fields.String()
    roles = fields.List(fields.String())
    unit_id = fields.Integer(allow_none=True)
    township_id = fields.Integer(allow_none=True)
    active = fields.Boolean()
    area_ids = fields.List(fields.Integer())


class UnitIn(StrictSchema):
    """A unit."""

    name = fields.String(required=True, validate=validate.Length(1, 100))
    kind = fields.String(load_default="department",
                         validate=validate.OneOf(["department", "township"]))
    active = fields.Boolean(load_default=True)


class UnitOut(Schema):
    """A unit."""

    id = fields.Integer()
    name = fields.String()
    kind = fields.String()
    active = fields.Boolean()


class AreaIn(StrictSchema):
    """An area."""

    name = fields.String(required=True, validate=validate.Length(1, 100))
    kind = fields.String(required=True, validate=validate.OneOf(AREA_KINDS))
    township_id = fields.Integer(allow_none=True, validate=_ID)
    lat = latitude(allow_none=True)
    lon = longitude(allow_none=True)
    radius_m = fields.Float(allow_none=True, allow_nan=False, validate=validate.Range(1, 50_000))
    active = fields.Boolean(load_default=True)


class AreaOut(AreaIn):
    """An area."""

    id = fields.Integer()


class ImportOut(Schema):
    """How many rows an import created."""

    created = fields.Integer()
