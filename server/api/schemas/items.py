"""Schemas of the ledger endpoints: list filters, item actions, answers."""

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from server.api.schemas.common import StrictSchema, UtcDateTime, text
from server.api.schemas.spot_checks import SpotCheckEntryOut
from sync.protocol import RecheckFields, RectifiedFields, VerifyFields
from sync.workflow import STATES

SORTS = ("-created_at", "created_at", "deadline", "-deadline", "id", "-id", "-updated")


class ItemFilter(Schema):
    """Query filters of the ledger list."""

    class Meta:
        """Reject unknown filters."""

        unknown = "raise"

    status = fields.List(fields.String(validate=validate.OneOf(STATES)))
    category = fields.String(validate=validate.Length(max=40))
    unit_id = fields.Integer(validate=validate.Range(1, 2**31 - 1))
    area_id = fields.Integer(validate=validate.Range(1, 2**31 - 1))
    overdue = fields.Boolean()
    leader_led = fields.Boolean()
    flagged = fields.Boolean()
    suggested = fields.Boolean()
    q = fields.String(validate=validate.Length(max=100))
    sort = fields.String(load_default="-created_at", validate=validate.OneOf(SORTS))
    page = fields.Integer(load_default=1, validate=validate.Range(1, 1_000_000))
    per_page = fields.Integer(load_default=50, validate=validate.Range(1, 200))


class DeadlineFields(StrictSchema):
    """A deadline given as a date or as a number of working days from today."""

    deadline = fields.Date()
    deadline_working_days = fields.Integer(validate=validate.Range(1, 365))

    @validates_schema
    def _one_deadline(self, data, **kwargs):
        """Exactly one of `deadline` and `deadline_working_days`."""
        if ("deadline" in data) == ("deadline_working_days" in data):
            raise ValidationError("give either deadline or deadline_working_days", "deadline")


class AssignIn(DeadlineFields):
    """交办: unit, deadline (a date, or a number of working days from today) and plan."""

    unit_id = fields.Integer(required=True, validate=validate.Range(1, 2**31 - 1))
    plan = fields.String(required=True, validate=validate.Length(min=1, max=2000))
    assignee_id = fields.Integer(allow_none=True, validate=validate.Range(1, 2**31 - 1))
    leader_led = fields.Boolean(load_default=False)
    leader_name = text(60, allow_none=True)


class RescheduleIn(DeadlineFields):
    """调整整改时限: the new deadline (a date, or working days from today) and why."""

    note = text(1000, required=True)


class RejectIn(StrictSchema):
    """不予受理: a reason is required."""

    reason = text(1000, required=True)


class LongTermIn(StrictSchema):
    """长期整改: why, and optionally a new deadline."""

    note = text(2000, required=True)
    deadline = fields.Date(allow_none=True)


class MergeIn(StrictSchema):
    """Merge this item into a surviving one."""

    into_item_id = fields.Integer(required=True, validate=validate.Range(1, 2**62))
    note = text(1000, allow_none=True)


class SplitIn(StrictSchema):
    """Split one report out into a new item."""

    report_id = fields.Integer(required=True, validate=validate.Range(1, 2**62))
    note = text(1000, allow_none=True)


RectifiedIn = RectifiedFields


class VerifyIn(VerifyFields):
    """验收 online; an office user may override the distance rule with a reason."""

    override_reason = text(1000, allow_none=True)


class BulkAssignIn(AssignIn):
    """交办 many items at once."""

    item_ids = fields.List(fields.Integer(validate=validate.Range(1, 2**62)), required=True,
                           validate=validate.Length(1, 500))


class BulkRejectIn(RejectIn):
    """不予受理 many items at once, with one reason."""

    item_ids = fields.List(fields.Integer(validate=validate.Range(1, 2**62)), required=True,
                           validate=validate.Length(1, 500))


class BulkOut(Schema):
    """One result per item."""

    results = fields.List(fields.Dict())


ACTION_SCHEMAS = {"assign": AssignIn, "reject": RejectIn, "long_term": LongTermIn,
                  "merge": MergeIn, "split": SplitIn, "rectified": RectifiedIn,
                  "verify": VerifyIn, "recheck": RecheckFields,
                  "reschedule": RescheduleIn}


class ItemOut(Schema):
    """An item as lists show it."""

    id = fields.Integer()
    status = fields.String()
    category = fields.String()
    area_id = fields.Integer(allow_none=True)
    area_name = fields.String(allow_none=True)
    township_id = fields.Integer(allow_none=True)
    description = fields.String()
    severity = fields.String()
    lat = fields.Float(allow_none=True)
    lon = fields.Float(allow_none=True)
    accuracy_m = fields.Float(allow_none=True)
    unit_id = fields.Integer(allow_none=True)
    unit_name = fields.String(allow_none=True)
    deadline = fields.Date(allow_none=True)
    plan = fields.String(allow_none=True)
    assignee_id = fields.Integer(allow_none=True)
    leader_led = fields.Boolean()
    leader_name = fields.String(allow_none=True)
    reporter_id = fields.Integer(allow_none=True)
    report_count = fields.Integer()
    return_count = fields.Integer()
    satisfaction = fields.String(allow_none=True)
    reject_reason = fields.String(allow_none=True)
    merged_into_id = fields.Integer(allow_none=True)
    needs_review = fields.Boolean()
    recurrence_of_id = fields.Integer(allow_none=True)
    overdue = fields.Boolean()
    flag_count = fields.Integer()
    created_at = UtcDateTime()
    assigned_at = UtcDateTime(allow_none=True)
    rectified_at = UtcDateTime(allow_none=True)
    closed_at = UtcDateTime(allow_none=True)
    change_seq = fields.Integer()
    spot_check = fields.Dict(allow_none=True, metadata={
        "description": "the 周抽查 re-check the item waits for: id, week, supervisor"})


class ItemPage(Schema):
    """A page of the ledger list."""

    items = fields.List(fields.Nested(ItemOut))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()


class ReportOut(Schema):
    """One report on an item."""

    id = fields.Integer()
    reporter_id = fields.Integer()
    reporter_name = fields.String(allow_none=True)
    category = fields.String()
    description = fields.String()
    severity = fields.String()
    lat = fields.Float(allow_none=True)
    lon = fields.Float(allow_none=True)
    accuracy_m = fields.Float(allow_none=True)
    captured_at = UtcDateTime()
    received_at = UtcDateTime()
    photos = fields.List(fields.String())
    photos_pending = fields.List(fields.String(), metadata={
        "description": "photos the report names that have not arrived yet"})


class AttachmentOut(Schema):
    """A photo used on an item."""

    sha256 = fields.String()
    kind = fields.String()
    report_id = fields.Integer(allow_none=True)


class FlagOut(Schema):
    """An integrity flag."""

    kind = fields.String()
    photo_sha = fields.String(allow_none=True)
    details = fields.Dict()
    created_at = UtcDateTime()


class EventOut(Schema):
    """One event of the item's history."""

    seq = fields.Integer()
    action = fields.String()
    actor_id = fields.Integer(allow_none=True)
    actor_name = fields.String(allow_none=True)
    at = UtcDateTime()
    from_state = fields.String(allow_none=True)
    to_state = fields.String()
    lat = fields.Float(allow_none=True)
    lon = fields.Float(allow_none=True)
    payload = fields.Dict()


class SuggestionOut(Schema):
    """A suggested duplicate, or (likely false) a near item judged another problem."""

    item_id = fields.Integer()
    score = fields.Float()
    status = fields.String()
    likely = fields.Boolean()
    details = fields.Dict()


class ItemDetail(ItemOut):
    """An item with its reports, photos, flags, suggested duplicates and history.

    `limited`: the caller sees the item only as one of its reporters, so the position,
    other people, their reports, photos, flags and data in the history are left out
    (null or empty) and `description` is the caller's own report text.
    """

    limited = fields.Boolean()
    suggestions = fields.List(fields.Nested(SuggestionOut))

    reports = fields.List(fields.Nested(ReportOut))
    photos = fields.List(fields.Nested(AttachmentOut))
    flags = fields.List(fields.Nested(FlagOut))
    events = fields.List(fields.Nested(EventOut))
    spot_checks = fields.List(fields.Nested(SpotCheckEntryOut), allow_none=True)
    project_id = fields.Integer(allow_none=True, metadata={
        "description": "the 民生实事 project the item was escalated into (escalate)"})
