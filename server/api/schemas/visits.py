"""Schemas of the check-in list (GET /api/v1/visits) and of the cadre's duty in /me."""

from marshmallow import Schema, fields, validate

from server.api.schemas.common import UtcDateTime

_ID = validate.Range(1, 2**31 - 1)


class VisitFilter(Schema):
    """Filters and paging of the check-in list; `from`/`to` are local days, both included."""

    class Meta:
        """Reject unknown parameters."""

        unknown = "raise"

    from_ = fields.Date(data_key="from")
    to = fields.Date()
    user_id = fields.Integer(validate=_ID)
    area_id = fields.Integer(validate=_ID)
    township_id = fields.Integer(validate=_ID)
    page = fields.Integer(load_default=1, validate=validate.Range(1, 1_000_000))
    per_page = fields.Integer(load_default=50, validate=validate.Range(1, 200))


class VisitReportOut(Schema):
    """A report the cadre made at that area on that day."""

    id = fields.Integer()
    item_id = fields.Integer()


class VisitOut(Schema):
    """One check-in as the office and the cadre read it."""

    id = fields.Integer()
    user_id = fields.Integer()
    user_name = fields.String()
    area_id = fields.Integer()
    area_name = fields.String()
    township_name = fields.String(allow_none=True)
    at = UtcDateTime(metadata={"description": "the phone's time of the check-in"})
    received_at = UtcDateTime()
    day = fields.Date(allow_none=True, metadata={"description": "local day of `at`"})
    lat = fields.Float()
    lon = fields.Float()
    accuracy_m = fields.Float(allow_none=True)
    distance_m = fields.Float(allow_none=True)
    outside_area = fields.Boolean()
    assigned = fields.Boolean(metadata={"description": "the area is the cadre's own"})
    counts = fields.Boolean(metadata={"description": "counts as out (到岗)"})
    late = fields.Boolean(metadata={"description": "phone time long before its arrival"})
    note = fields.String(allow_none=True)
    reports = fields.List(fields.Nested(VisitReportOut))


class VisitPage(Schema):
    """A page of check-ins, newest first."""

    visits = fields.List(fields.Nested(VisitOut))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()


class DutyMonthOut(Schema):
    """The cadre's own record this month, up to today."""

    month = fields.String(metadata={"description": "YYYY-MM"})
    duty_days = fields.List(fields.Date())
    days_expected = fields.Integer()
    days_out = fields.Integer()
    areas_assigned = fields.Integer()
    areas_covered = fields.Integer()


class DutyAreaOut(Schema):
    """One of the cadre's areas under the rotation rule (循环丈量)."""

    area_id = fields.Integer()
    last_visit = fields.Date(allow_none=True, metadata={
        "description": "latest day a cadre assigned to the area was out there"})
    my_last_visit = fields.Date(allow_none=True)
    weeks_since_visit = fields.Integer(allow_none=True)
    due = fields.Boolean()


class DutyOut(Schema):
    """A cadre's duty: today, the next duty day, this month and their areas."""

    today = fields.Date()
    is_duty_day = fields.Boolean()
    in_duty_week = fields.Boolean()
    next_duty_day = fields.Date(allow_none=True, metadata={
        "description": "today when today is a duty day, else the next one"})
    rotation_weeks = fields.Integer()
    month = fields.Nested(DutyMonthOut)
    areas = fields.List(fields.Nested(DutyAreaOut))
