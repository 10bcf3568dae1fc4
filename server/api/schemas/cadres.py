"""Schemas of the 评价考核 report (GET /api/v1/reports/cadres): its query and its answer.

Kept apart from schemas/reports.py (the other bulletins), which shares its report head,
its definitions and the ranking's weights with this one.
"""

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from server.api.schemas.common import StrictSchema
from server.api.schemas.report_head import FORMATS, RankDefinition, ReportHead
from server.api.schemas.reports import RankWeight
from server.reports.cadres import PERIOD_KINDS

_EXAMPLES = {"month": "2026-11", "bimonth": "2026-B6 (双月: B1 = Jan-Feb ... B6 = Nov-Dec)",
             "quarter": "2026-Q4", "half": "2026-H2", "year": "2026"}


def _period(kind: str):
    """One of the period keys; its form is checked by the report code (`bad_period`)."""
    return fields.String(validate=validate.Length(max=20),
                         metadata={"description": f"{kind}, e.g. {_EXAMPLES[kind]}"})


class CadresQuery(StrictSchema):
    """Exactly one of ?month= ?bimonth= ?quarter= ?half= ?year=, &format=json|html|xlsx"""

    month = _period("month")
    bimonth = _period("bimonth")
    quarter = _period("quarter")
    half = _period("half")
    year = _period("year")
    format = fields.String(load_default="json", validate=validate.OneOf(FORMATS))

    @validates_schema
    def _one_period(self, data, **kwargs):
        """Exactly one period."""
        if sum(kind in data for kind in PERIOD_KINDS) != 1:
            raise ValidationError("give exactly one of " + ", ".join(PERIOD_KINDS), "month")


def _rate(what: str):
    """A rate; null when its denominator is 0 (its part scores 0)."""
    return fields.Float(allow_none=True, metadata={"description": f"{what}; null: 分母为 0"})


class _Figures(Schema):
    """The counts, rates, points and score of a cadre or of a group of cadres."""

    days_expected = fields.Integer(metadata={"description": "duty days (for a group: "
                                             "cadre-days) expected up to the as-of day"})
    days_out = fields.Integer()
    areas_assigned = fields.Integer()
    areas_covered = fields.Integer()
    checkins = fields.Integer()
    outside_checkins = fields.Integer()
    reports = fields.Integer(metadata={"description": "reports captured in the period"})
    reports_accepted = fields.Integer(metadata={"description": "of them, whose item was not "
                                                "rejected (a merged one counts by its item)"})
    reports_rejected = fields.Integer()
    reports_pending = fields.Integer(metadata={"description": "of the accepted, whose item "
                                               "still waits for triage (待交办)"})
    items_closed = fields.Integer(metadata={"description": "items holding one of their "
                                            "reports closed in the period"})
    attendance_rate = _rate("days_out / days_expected")
    coverage_rate = _rate("areas_covered / areas_assigned")
    acceptance_rate = _rate("reports_accepted / reports")
    points = fields.Dict(keys=fields.String(), values=fields.Float())
    score = fields.Float(allow_none=True, metadata={
        "description": "null: a group not ranked (样本不足, or no township or unit)"})
    rank = fields.Integer(allow_none=True, metadata={"description": "null: not ranked"})


class CadreRow(_Figures):
    """One cadre's evaluation."""

    user_id = fields.Integer()
    name = fields.String()
    township_id = fields.Integer(allow_none=True)
    township = fields.String(allow_none=True)
    unit_id = fields.Integer(allow_none=True)
    unit = fields.String(allow_none=True)


class CadreGroup(_Figures):
    """A township's or a unit's cadres pooled."""

    id = fields.Integer(allow_none=True)
    name = fields.String()
    cadres = fields.Integer()
    note = fields.String(metadata={"description": "why not ranked (样本不足 …), or empty"})


class CadresOut(ReportHead):
    """评价考核: per cadre and per township and unit, with the formula."""

    formula = fields.String()
    rules = fields.List(fields.String())
    min_sample = fields.Integer()
    weights = fields.List(fields.Nested(RankWeight))
    definitions = fields.List(fields.Nested(RankDefinition))
    duty_days = fields.List(fields.Date())
    totals = fields.Nested(CadreGroup)
    cadres = fields.List(fields.Nested(CadreRow))
    townships = fields.List(fields.Nested(CadreGroup))
    units = fields.List(fields.Nested(CadreGroup))
