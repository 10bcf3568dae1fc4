"""Schemas of the 丈量 report: the query, and the duty section that the 周通报 and the
月督导 carry too."""

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from server.api.schemas.common import StrictSchema
from server.api.schemas.report_head import RankDefinition, ReportHead, format_field


class DutyQuery(StrictSchema):
    """?week=2026-W49 or ?month=2026-12, &format=json|html|xlsx"""

    week = fields.String(validate=validate.Length(max=20),
                         metadata={"description": "ISO week, e.g. 2026-W49"})
    month = fields.String(validate=validate.Length(max=20),
                          metadata={"description": "month, e.g. 2026-12"})
    format = format_field()

    @validates_schema
    def _one_period(self, data, **kwargs):
        """Exactly one of week and month."""
        if ("week" in data) == ("month" in data):
            raise ValidationError("give either week or month", "week")


class DutyTotals(Schema):
    """The 丈量 figures of a period (rates null when there is nothing to count over)."""

    cadres_expected = fields.Integer()
    cadres_out = fields.Integer()
    cadre_days_expected = fields.Integer()
    cadre_days_out = fields.Integer()
    attendance_rate = fields.Float(allow_none=True)
    areas_total = fields.Integer()
    areas_covered = fields.Integer()
    coverage_rate = fields.Float(allow_none=True)
    outside_checkins = fields.Integer()


class DutyCadre(Schema):
    """A cadre's duty in the period."""

    user_id = fields.Integer()
    name = fields.String()
    township = fields.String(allow_none=True)
    days_expected = fields.Integer()
    days_out = fields.Integer()
    areas_assigned = fields.Integer()
    areas_covered = fields.Integer()
    checkins = fields.Integer()
    outside_checkins = fields.Integer()
    reports = fields.Integer()


class DutyArea(Schema):
    """An assigned area under the rotation."""

    area_id = fields.Integer()
    name = fields.String()
    township = fields.String(allow_none=True)
    checkins = fields.Integer(metadata={"description": "counting check-ins in the period"})
    last_visit = fields.Date(allow_none=True)
    weeks_since_visit = fields.Integer(allow_none=True, metadata={"description": "null: never"})
    overdue_rotation = fields.Boolean()


class DutyDay(Schema):
    """Attendance on one duty day."""

    day = fields.Date()
    expected = fields.Integer(metadata={"description": "cadres expected on site"})
    out = fields.Integer(metadata={"description": "of them, out (a counting check-in)"})


class DutySection(Schema):
    """The 丈量 section of the 周通报 and 月督导 (bounded lists)."""

    duty_days = fields.List(fields.Date())
    rotation_weeks = fields.Integer()
    totals = fields.Nested(DutyTotals)
    absent = fields.List(fields.Nested(DutyCadre))
    absent_total = fields.Integer()
    overdue_areas = fields.List(fields.Nested(DutyArea))
    overdue_total = fields.Integer()
    list_limit = fields.Integer()


class DutyOut(ReportHead, DutySection):
    """丈量 report: attendance on the duty days and coverage of the areas."""

    definitions = fields.List(fields.Nested(RankDefinition))
    cadres = fields.List(fields.Nested(DutyCadre))
    areas = fields.List(fields.Nested(DutyArea))
    days = fields.List(fields.Nested(DutyDay))
