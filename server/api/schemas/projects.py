"""Schemas of 民生实事 projects: create, edit, list filters, progress, the milestone plan,
the on-site verification (验收, the item's body) and the escalation of an item.

Money is in 万元 with two decimals: sent as a number or a numeric string, answered as a
number. Whether a value may change (investment only grows, status edits) is the domain's
rule (sync/projects.py), not the schema's.
"""

from marshmallow import Schema, ValidationError, fields, validate

from server.api.schemas.common import (
    StrictSchema,
    UtcDateTime,
    accuracy,
    latitude,
    longitude,
    photo_list,
)
from server.api.schemas.items import AttachmentOut, ReportOut, VerifyIn
from sync.projects import STATUSES

_ID = validate.Range(1, 2**31 - 1)
_MAX_WAN = 10**10


def _wan_range(value) -> None:
    """0 to ten billion 万元 (a function, not validate.Range: the document would carry the
    bounds as strings, which no number matches)."""
    if not 0 <= value <= _MAX_WAN:
        raise ValidationError(f"must be between 0 and {_MAX_WAN}")


_WAN = {"places": 2, "allow_nan": False, "validate": _wan_range,
        "metadata": {"minimum": 0, "maximum": _MAX_WAN}}
_EDITABLE = [s for s in STATUSES if s != "closed"]


class MilestoneIn(StrictSchema):
    """One 节点: its name, planned date and, once reached, the day it was done."""

    name = fields.String(required=True, validate=validate.Length(1, 100))
    due = fields.Date(required=True)
    done_on = fields.Date(allow_none=True)


class ProjectFields(StrictSchema):
    """The fields of a project the office writes (all optional: an edit)."""

    name = fields.String(validate=validate.Length(1, 200))
    batch = fields.Integer(validate=validate.Range(1, 99))
    category = fields.String(validate=validate.Length(1, 40))
    unit_id = fields.Integer(validate=_ID)
    leader = fields.String(allow_none=True, validate=validate.Length(max=60))
    leader_led = fields.Boolean()
    investment_total_wan = fields.Decimal(**_WAN)
    investment_done_wan = fields.Decimal(**_WAN)
    over_budget_reason = fields.String(allow_none=True, validate=validate.Length(max=2000))
    start = fields.Date(allow_none=True)
    due = fields.Date()
    status = fields.String(validate=validate.OneOf(_EDITABLE))
    percent = fields.Integer(validate=validate.Range(0, 100))
    lat = latitude(allow_none=True)
    lon = longitude(allow_none=True)
    area_id = fields.Integer(allow_none=True, validate=_ID)
    public = fields.Boolean()
    milestones = fields.List(fields.Nested(MilestoneIn), validate=validate.Length(0, 30),
                             metadata={"description": "the whole list, replacing the old"})


class ProjectIn(ProjectFields):
    """A new project; without `milestones` they are planned from the template (倒排工期)."""

    name = fields.String(required=True, validate=validate.Length(1, 200))
    category = fields.String(required=True, validate=validate.Length(1, 40))
    unit_id = fields.Integer(required=True, validate=_ID)
    investment_total_wan = fields.Decimal(required=True, **_WAN)
    due = fields.Date(required=True)


class ProgressIn(StrictSchema):
    """项目进展: what was done, and optionally the new percent and investment done."""

    text = fields.String(required=True, validate=validate.Length(1, 2000))
    percent = fields.Integer(allow_none=True, validate=validate.Range(0, 100))
    investment_done_wan = fields.Decimal(allow_none=True, **_WAN)
    over_budget_reason = fields.String(allow_none=True, validate=validate.Length(max=2000))
    photos = photo_list(load_default=list)
    lat = latitude(allow_none=True)
    lon = longitude(allow_none=True)
    accuracy_m = accuracy()


# 验收 of a project: the body of an item's verify (decision, satisfaction, photos, GPS,
# note, resident_name, signature; an office override with its reason).
ProjectVerifyIn = VerifyIn


class EscalateIn(StrictSchema):
    """难点问题纳入民生实事台账: the project an item becomes. The position and area are the
    item's; category (when the item's is one of the six aspects), unit and leader default
    to the item's."""

    name = fields.String(required=True, validate=[validate.Length(1, 200), validate.Regexp(
        r"\s*\S", error="must not be blank")])
    batch = fields.Integer(required=True, validate=validate.Range(1, 99))
    category = fields.String(validate=validate.Length(1, 40))
    unit_id = fields.Integer(validate=_ID)
    leader = fields.String(allow_none=True, validate=validate.Length(max=60))
    leader_led = fields.Boolean()
    investment_total_wan = fields.Decimal(required=True, **_WAN)
    start = fields.Date(allow_none=True)
    due = fields.Date(required=True)
    public = fields.Boolean()
    milestones = fields.List(fields.Nested(MilestoneIn), validate=validate.Length(0, 30),
                             metadata={"description": "planned from the template when omitted"})


class ProjectFilter(Schema):
    """Query filters of the project list."""

    class Meta:
        """Reject unknown filters."""

        unknown = "raise"

    unit_id = fields.Integer(validate=_ID)
    batch = fields.Integer(validate=validate.Range(1, 99))
    category = fields.String(validate=validate.Length(max=40))
    status = fields.List(fields.String(validate=validate.OneOf(STATUSES)))
    leader_led = fields.Boolean()
    late = fields.Boolean(metadata={"description": "has a milestone past its date, not done"})
    q = fields.String(validate=validate.Length(max=100))
    page = fields.Integer(load_default=1, validate=validate.Range(1, 1_000_000))
    per_page = fields.Integer(load_default=50, validate=validate.Range(1, 200))


class PlanQuery(Schema):
    """The completion date (and optional start) to plan milestones back from."""

    class Meta:
        """Reject unknown parameters."""

        unknown = "raise"

    due = fields.Date(required=True)
    start = fields.Date()


class MilestoneOut(Schema):
    """A milestone with its derived lateness."""

    id = fields.Integer(allow_none=True)
    name = fields.String()
    due = fields.Date()
    done_on = fields.Date(allow_none=True)
    position = fields.Integer()
    late = fields.Boolean()


class PlanOut(Schema):
    """Proposed milestones, on working days."""

    milestones = fields.List(fields.Nested(MilestoneOut))


class ProgressOut(Schema):
    """One progress update."""

    id = fields.Integer()
    user_id = fields.Integer()
    user_name = fields.String(allow_none=True)
    text = fields.String()
    percent = fields.Integer()
    investment_done_wan = fields.Float()
    over_budget_reason = fields.String(allow_none=True)
    photos = fields.List(fields.String())
    lat = fields.Float(allow_none=True)
    lon = fields.Float(allow_none=True)
    accuracy_m = fields.Float(allow_none=True)
    at = UtcDateTime()


class ProjectOut(Schema):
    """A project as a list row."""

    id = fields.Integer()
    name = fields.String()
    batch = fields.Integer()
    category = fields.String()
    unit_id = fields.Integer()
    unit_name = fields.String(allow_none=True)
    leader = fields.String(allow_none=True)
    leader_led = fields.Boolean()
    investment_total_wan = fields.Float()
    investment_done_wan = fields.Float()
    investment_rate = fields.Float(allow_none=True, metadata={"description": "done / total"})
    over_budget_reason = fields.String(allow_none=True)
    start = fields.Date(allow_none=True)
    due = fields.Date()
    status = fields.String()
    percent = fields.Integer()
    lat = fields.Float(allow_none=True)
    lon = fields.Float(allow_none=True)
    area_id = fields.Integer(allow_none=True)
    township_id = fields.Integer(allow_none=True)
    public = fields.Boolean()
    item_id = fields.Integer(allow_none=True)
    late = fields.Boolean(metadata={"description": "a milestone is 节点滞后"})
    late_milestones = fields.Integer()
    created_at = UtcDateTime()
    updated_at = UtcDateTime()


class VerificationOut(Schema):
    """One on-site verification of the project, whatever it decided."""

    id = fields.Integer()
    user_id = fields.Integer()
    user_name = fields.String(allow_none=True)
    decision = fields.String()
    satisfaction = fields.String()
    closes = fields.Boolean(metadata={"description": "it closed the project (销号)"})
    from_status = fields.String()
    to_status = fields.String()
    photos = fields.List(fields.String())
    signature = fields.String(allow_none=True)
    resident_name = fields.String(allow_none=True)
    note = fields.String(allow_none=True)
    lat = fields.Float()
    lon = fields.Float()
    accuracy_m = fields.Float(allow_none=True)
    distance_m = fields.Float(allow_none=True)
    override_reason = fields.String(allow_none=True)
    at = UtcDateTime()


class LinkedItemOut(Schema):
    """The ledger item a project was escalated from, with its reports and photos (the
    photos as the item's detail gives them: hashes for /api/v1/photos/<sha>/<variant>)."""

    id = fields.Integer(metadata={"description": "the item's number (编号)"})
    status = fields.String()
    category = fields.String()
    description = fields.String()
    area_id = fields.Integer(allow_none=True)
    unit_id = fields.Integer(allow_none=True)
    deadline = fields.Date(allow_none=True)
    report_count = fields.Integer()
    reports = fields.List(fields.Nested(ReportOut))
    photos = fields.List(fields.Nested(AttachmentOut))


class ProjectDetail(ProjectOut):
    """A project with its milestones, its progress (newest first), its verifications
    (oldest first) and the item it was escalated from."""

    milestones = fields.List(fields.Nested(MilestoneOut))
    progress = fields.List(fields.Nested(ProgressOut))
    verifications = fields.List(fields.Nested(VerificationOut))
    item = fields.Nested(LinkedItemOut, allow_none=True)


class ProjectPage(Schema):
    """A page of the project list."""

    projects = fields.List(fields.Nested(ProjectOut))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()
