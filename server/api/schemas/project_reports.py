"""Schemas of the 月度进展 report (GET /api/v1/reports/projects): its query and its answer.

Kept apart from schemas/reports.py (the other bulletins), whose report head and
definitions this one shares. Money is in 万元, answered as numbers with two decimals.
"""

from marshmallow import Schema, fields, validate

from server.api.schemas.common import StrictSchema
from server.api.schemas.report_head import FORMATS, RankDefinition, ReportHead


class ProjectsQuery(StrictSchema):
    """?month=2026-11&format=json|html|xlsx"""

    month = fields.String(required=True, validate=validate.Length(max=20),
                          metadata={"description": "month, e.g. 2026-11"})
    format = fields.String(load_default="json", validate=validate.OneOf(FORMATS))


def _wan(what: str):
    """An amount in 万元."""
    return fields.Float(metadata={"description": f"{what}, 万元"})


class ProjectFigures(Schema):
    """The figures of a unit, a batch, the leader-led projects or the total."""

    id = fields.Integer(allow_none=True, metadata={"description": "unit id or batch; null "
                                                   "for a total"})
    name = fields.String()
    projects = fields.Integer()
    planned = fields.Integer(metadata={"description": "未开工 (current status)"})
    in_progress = fields.Integer(metadata={"description": "在建"})
    completed = fields.Integer(metadata={"description": "已完工"})
    in_use = fields.Integer(metadata={"description": "已投用"})
    closed = fields.Integer(metadata={"description": "已销号"})
    investment_total_wan = _wan("planned total")
    investment_done_wan = _wan("done at the as-of instant")
    investment_rate = fields.Float(allow_none=True, metadata={
        "description": "done / total; null when the total is 0"})
    updates = fields.Integer(metadata={"description": "progress updates in the month"})
    updated_projects = fields.Integer(metadata={"description": "projects updated in the month"})
    investment_added_wan = _wan("added by the month's updates (the first update of a "
                                "project adds nothing)")
    late_milestones = fields.Integer(metadata={"description": "节点滞后 on the as-of day"})
    late_projects = fields.Integer(metadata={"description": "projects with a late milestone"})


class ProjectLine(Schema):
    """A project as the leader-led list shows it, with its figures at the as-of instant."""

    id = fields.Integer()
    name = fields.String()
    batch = fields.Integer()
    batch_name = fields.String()
    category = fields.String()
    category_name = fields.String()
    unit_id = fields.Integer()
    unit_name = fields.String()
    leader = fields.String(allow_none=True)
    leader_led = fields.Boolean()
    status = fields.String()
    status_name = fields.String()
    due = fields.Date()
    percent = fields.Integer()
    investment_total_wan = _wan("planned total")
    investment_done_wan = _wan("done at the as-of instant")
    investment_rate = fields.Float(allow_none=True)
    updates = fields.Integer()
    investment_added_wan = _wan("added in the month")
    late_milestones = fields.Integer()


class LateMilestone(Schema):
    """A milestone late on the as-of day (节点滞后)."""

    project_id = fields.Integer()
    project_name = fields.String()
    batch = fields.Integer()
    batch_name = fields.String()
    unit_id = fields.Integer()
    unit_name = fields.String()
    leader = fields.String(allow_none=True, metadata={"description": "for a leader-led one"})
    milestone = fields.String()
    due = fields.Date()
    late_days = fields.Integer(metadata={"description": "working days after its date"})


class ProjectStatus(Schema):
    """A project status and its Chinese name."""

    code = fields.String()
    name = fields.String()


class ProjectsOut(ReportHead):
    """月度进展 of the 民生实事 projects."""

    definitions = fields.List(fields.Nested(RankDefinition))
    statuses = fields.List(fields.Nested(ProjectStatus))
    totals = fields.Nested(ProjectFigures)
    units = fields.List(fields.Nested(ProjectFigures))
    batches = fields.List(fields.Nested(ProjectFigures))
    leader_totals = fields.Nested(ProjectFigures)
    leader_projects = fields.List(fields.Nested(ProjectLine))
    late = fields.List(fields.Nested(LateMilestone))
    late_total = fields.Integer()
    list_limit = fields.Integer()
