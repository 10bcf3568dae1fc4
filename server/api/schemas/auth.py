"""Schemas of login, logout and /me."""

from marshmallow import Schema, fields, validate

from server.api.schemas.common import StrictSchema, UtcDateTime
from server.api.schemas.visits import DutyOut


class LoginIn(StrictSchema):
    """Credentials and an optional device name."""

    username = fields.String(required=True, validate=validate.Length(min=1, max=60))
    password = fields.String(required=True, validate=validate.Length(min=1, max=200))
    device_name = fields.String(allow_none=True, validate=validate.Length(max=100))


class UserOut(Schema):
    """The logged-in user."""

    id = fields.Integer()
    username = fields.String()
    name = fields.String()
    roles = fields.List(fields.String())
    unit_id = fields.Integer(allow_none=True)


class LoginOut(Schema):
    """A new token and its user."""

    token = fields.String()
    user = fields.Nested(UserOut)


class AreaOut(Schema):
    """An area as the phone keeps it offline."""

    id = fields.Integer()
    name = fields.String()
    kind = fields.String()
    township_id = fields.Integer(allow_none=True)
    township_name = fields.String(allow_none=True)
    lat = fields.Float(allow_none=True)
    lon = fields.Float(allow_none=True)
    radius_m = fields.Float(allow_none=True)
    assigned = fields.Boolean()


class CategoryOut(Schema):
    """A problem category."""

    code = fields.String()
    name = fields.String()


class UnitOut(Schema):
    """A responsible unit."""

    id = fields.Integer()
    name = fields.String()
    kind = fields.String()


class SettingsOut(Schema):
    """Deployment settings the phone applies offline."""

    verify_max_distance_m = fields.Float()


class MeOut(Schema):
    """What the phone needs to work offline."""

    user = fields.Nested(UserOut)
    settings = fields.Nested(SettingsOut)
    areas = fields.List(fields.Nested(AreaOut))
    categories = fields.List(fields.Nested(CategoryOut))
    units = fields.List(fields.Nested(UnitOut))
    duty = fields.Nested(DutyOut, allow_none=True, metadata={
        "description": "the cadre's 丈量 duty; null for a user without the cadre role"})


class MyReportsQuery(Schema):
    """Paging of the caller's own reports."""

    class Meta:
        """Reject unknown parameters."""

        unknown = "raise"

    page = fields.Integer(load_default=1, validate=validate.Range(1, 1_000_000))
    per_page = fields.Integer(load_default=100, validate=validate.Range(1, 200))


class MyReportOut(Schema):
    """One report the caller made, as 我的上报 lists it on any phone."""

    id = fields.Integer()
    client_id = fields.String(allow_none=True, metadata={
        "description": "the id of the phone's report.create mutation"})
    item_id = fields.Integer()
    category = fields.String()
    description = fields.String()
    area_id = fields.Integer(allow_none=True)
    severity = fields.String()
    lat = fields.Float(allow_none=True)
    lon = fields.Float(allow_none=True)
    accuracy_m = fields.Float(allow_none=True)
    captured_at = UtcDateTime()
    received_at = UtcDateTime()
    photos = fields.List(fields.String())
    photos_pending = fields.List(fields.String())


class MyReportsOut(Schema):
    """A page of the caller's reports, newest first."""

    reports = fields.List(fields.Nested(MyReportOut))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()
