"""Schemas of the bulletins (周通报, 月督导, 季排名, 丈量) and of the ledger export."""

from marshmallow import Schema, ValidationError, fields, validate, validates_schema
from webargs.fields import DelimitedList

from server.api.schemas.common import StrictSchema, UtcDateTime
from server.api.schemas.items import ItemFilter

FORMATS = ("json", "html", "xlsx")


def _period(name: str, example: str):
    """A period key; its form is checked by the report code (code `bad_period`)."""
    return fields.String(required=True, validate=validate.Length(max=20),
                         metadata={"description": f"{name}, e.g. {example}"})


def _format():
    """json (default), html (printable A4 page) or xlsx (workbook)."""
    return fields.String(load_default="json", validate=validate.OneOf(FORMATS))


class WeeklyQuery(StrictSchema):
    """?week=2026-W48&format=json|html|xlsx"""

    week = _period("ISO week", "2026-W48")
    format = _format()


class MonthlyQuery(StrictSchema):
    """?month=2026-11&format=json|html|xlsx"""

    month = _period("month", "2026-11")
    format = _format()


class QuarterQuery(StrictSchema):
    """?quarter=2026-Q4&format=json|html|xlsx"""

    quarter = _period("quarter", "2026-Q4")
    format = _format()


class DutyQuery(StrictSchema):
    """?week=2026-W49 or ?month=2026-12, &format=json|html|xlsx"""

    week = fields.String(validate=validate.Length(max=20),
                         metadata={"description": "ISO week, e.g. 2026-W49"})
    month = fields.String(validate=validate.Length(max=20),
                          metadata={"description": "month, e.g. 2026-12"})
    format = _format()

    @validates_schema
    def _one_period(self, data, **kwargs):
        """Exactly one of week and month."""
        if ("week" in data) == ("month" in data):
            raise ValidationError("give either week or month", "week")


class ExportQuery(ItemFilter):
    """The ledger list's filters and sort, without paging, plus the file format."""

    class Meta:
        """Unknown filters are an error; paging makes no sense for an export."""

        unknown = "raise"
        exclude = ("page", "per_page")

    format = fields.String(required=True, validate=validate.OneOf(("xlsx", "csv")))
    include = DelimitedList(fields.String(validate=validate.OneOf(("merged", "rejected"))),
                            metadata={"description": "merged,rejected: also export these "
                                      "(left out unless the status filter names them)"})


class ReportDefinition(Schema):
    """A term of the bulletin and how it is counted."""

    term = fields.String()
    text = fields.String()


class ReportHead(Schema):
    """What every report says about its period."""

    kind = fields.String()
    period = fields.String()
    title = fields.String()
    heading = fields.String()
    span = fields.String(metadata={"description": "the dates in words, e.g. 11月23日至29日"})
    start = fields.Date()
    end = fields.Date()
    asof = fields.Date(metadata={"description": "stock figures are counted at the end of it"})
    complete = fields.Boolean(metadata={"description": "false while the period is running"})
    definitions = fields.List(fields.Nested(ReportDefinition))


class FlowRow(Schema):
    """Counts of one unit or township (or the total) in a week."""

    id = fields.Integer(allow_none=True)
    name = fields.String()
    new = fields.Integer()
    assigned = fields.Integer()
    rectified = fields.Integer()
    closed = fields.Integer()
    closed_on_time = fields.Integer()
    open = fields.Integer()
    overdue = fields.Integer()
    verified = fields.Integer()
    returned = fields.Integer()
    unsatisfied = fields.Integer()
    rechecked = fields.Integer(metadata={"description": "周抽查 re-checks made"})
    rebounds = fields.Integer(metadata={"description": "failed re-checks: reopened (反弹)"})
    on_time_rate = fields.Float(allow_none=True)
    satisfaction_rate = fields.Float(allow_none=True)


class ReportItemLine(Schema):
    """An item as the bulletins list it (times in the deployment's time zone)."""

    id = fields.Integer()
    description = fields.String()
    category = fields.String()
    category_name = fields.String()
    area_name = fields.String(allow_none=True)
    township_name = fields.String(allow_none=True)
    unit_id = fields.Integer(allow_none=True)
    unit_name = fields.String(allow_none=True)
    status = fields.String()
    status_name = fields.String()
    deadline = fields.Date(allow_none=True)
    closed_at = UtcDateTime(allow_none=True)
    created_at = UtcDateTime()
    leader_led = fields.Boolean()
    leader_name = fields.String(allow_none=True)
    return_count = fields.Integer()
    overdue_days = fields.Integer(metadata={"description": "working days past the deadline"})


class WeeklyOut(ReportHead):
    """周通报."""

    summary = fields.String()
    totals = fields.Nested(FlowRow)
    units = fields.List(fields.Nested(FlowRow))
    townships = fields.List(fields.Nested(FlowRow))
    overdue_items = fields.List(fields.Nested(ReportItemLine))
    overdue_total = fields.Integer()
    list_limit = fields.Integer()
    duty = fields.Nested("DutySection")


class SupervisionReason(Schema):
    """A reason an item is on the supervision list."""

    code = fields.String()
    name = fields.String()


class SupervisionCounts(Schema):
    """Per-unit counts of the supervision list."""

    id = fields.Integer(allow_none=True)
    name = fields.String()
    overdue = fields.Integer()
    returned = fields.Integer()
    leader_led = fields.Integer()
    flagged = fields.Integer()
    rebound = fields.Integer(metadata={"description": "reopened by a failed 周抽查 re-check"})
    feedback = fields.Integer(metadata={"description": "rated 不满意 in public after closing"})
    any = fields.Integer(metadata={"description": "items with at least one reason"})


class SupervisionLine(ReportItemLine):
    """An item on the supervision list, with its reasons."""

    reasons = fields.List(fields.String())
    reason_names = fields.List(fields.String())
    flags = fields.List(fields.String())


class MonthlyOut(ReportHead):
    """月督导."""

    totals = fields.Nested(SupervisionCounts)
    units = fields.List(fields.Nested(SupervisionCounts))
    items = fields.List(fields.Nested(SupervisionLine))
    item_total = fields.Integer()
    list_limit = fields.Integer()
    reasons = fields.List(fields.Nested(SupervisionReason))
    duty = fields.Nested("DutySection")


class RankWeight(Schema):
    """One part of the score."""

    rate = fields.String()
    weight = fields.Integer()
    name = fields.String()


class RankDefinition(ReportDefinition):
    """A figure of the ranking: the field it names, its name, what it is and its formula."""

    key = fields.String(metadata={"description": "the field of a ranking row it defines"})
    formula = fields.String(allow_none=True, metadata={"description": "null for a count"})


def _rate(what: str):
    """A rate of a ranking row; null when its denominator is 0 (its part scores 0)."""
    return fields.Float(allow_none=True, metadata={"description": f"{what}; null: 分母为 0"})


class RankRow(Schema):
    """A unit's counts, rates, points, score and place."""

    id = fields.Integer()
    name = fields.String()
    rank = fields.Integer(allow_none=True, metadata={"description": "null: 样本不足"})
    carried = fields.Integer()
    closed = fields.Integer()
    closed_on_time = fields.Integer()
    overdue = fields.Integer()
    verified = fields.Integer()
    returned = fields.Integer()
    unsatisfied = fields.Integer()
    closure_rate = _rate("closed / carried")
    on_time_rate = _rate("closed_on_time / closed")
    satisfaction_rate = _rate("(verified - unsatisfied) / verified")
    return_rate = _rate("returned / verified")
    kept_rate = _rate("1 - return_rate")
    rechecked = fields.Integer(metadata={"description": "周抽查 re-checks in the quarter"})
    rebounds = fields.Integer(metadata={"description": "failed re-checks: reopened (反弹)"})
    points = fields.Dict(keys=fields.String(), values=fields.Float())
    deduction = fields.Float(metadata={"description": "反弹扣分 = min(rebounds × 5, 20)"})
    late_milestones = fields.Integer(metadata={"description": "milestones of the unit's "
                                               "projects late (节点滞后) on the as-of day"})
    project_deduction = fields.Float(metadata={"description": "项目扣分 = "
                                               "min(late_milestones × 2, 10)"})
    score = fields.Float(allow_none=True, metadata={"description": "null: 样本不足"})
    tie_note = fields.String()


class RankingOut(ReportHead):
    """季排名."""

    formula = fields.String()
    rules = fields.List(fields.String())
    min_sample = fields.Integer()
    weights = fields.List(fields.Nested(RankWeight))
    definitions = fields.List(fields.Nested(RankDefinition))
    ranked = fields.List(fields.Nested(RankRow))
    insufficient = fields.List(fields.Nested(RankRow))


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
