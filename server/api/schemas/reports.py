"""Schemas of the bulletins (周通报, 月督导, 季排名) and of the ledger export; the 丈量 report's
are in server/api/schemas/duty_report.py, what all reports share in report_head.py."""

from marshmallow import Schema, fields, validate
from webargs.fields import DelimitedList

from server.api.schemas.common import StrictSchema, UtcDateTime
from server.api.schemas.duty_report import DutySection
from server.api.schemas.items import ItemFilter
from server.api.schemas.report_head import (
    RankDefinition,
    ReportHead,
    format_field,
    period,
)


class WeeklyQuery(StrictSchema):
    """?week=2026-W48&format=json|html|xlsx"""

    week = period("ISO week", "2026-W48")
    format = format_field()


class MonthlyQuery(StrictSchema):
    """?month=2026-11&format=json|html|xlsx"""

    month = period("month", "2026-11")
    format = format_field()


class QuarterQuery(StrictSchema):
    """?quarter=2026-Q4&format=json|html|xlsx"""

    quarter = period("quarter", "2026-Q4")
    format = format_field()


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
    duty = fields.Nested(DutySection)


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
    duty = fields.Nested(DutySection)


class RankWeight(Schema):
    """One part of the score."""

    rate = fields.String()
    weight = fields.Integer()
    name = fields.String()


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


