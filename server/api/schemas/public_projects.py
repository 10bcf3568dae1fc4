"""Schemas of 民生实事 projects in public (晒账单): the list's filters, a project as residents
see it and its page. Nothing personal: no handler, no resident, no position finer than
0.01°; the leader only of a leader-led project."""

from marshmallow import Schema, fields, validate

from server.api.schemas.public import CategoryCount, PublicFilter, RatingCounts, TownshipCount
from sync.projects import STATUSES


class PublicProjectFilter(PublicFilter):
    """Filters of the public project list: the item list's, with a project's statuses."""

    status = fields.List(fields.String(validate=validate.OneOf(STATUSES)))


class PublicMilestone(Schema):
    """A 节点 with its planned day, the day it was done and whether it is late (滞后)."""

    name = fields.String()
    due = fields.Date()
    done_on = fields.Date(allow_none=True)
    late = fields.Boolean(metadata={"description": "past its day (local) and not done"})


class PublicProject(Schema):
    """One project as residents see it."""

    id = fields.Integer()
    name = fields.String()
    batch = fields.Integer()
    batch_name = fields.String(metadata={"description": "第一批, 第二批, …"})
    category = fields.String(metadata={"description": "the aspect (方面)"})
    category_name = fields.String(allow_none=True)
    unit = fields.String(allow_none=True, metadata={"description": "the responsible unit"})
    leader_led = fields.Boolean()
    leader = fields.String(allow_none=True, metadata={
        "description": "the leading leader (领办领导), only for a leader-led project"})
    status = fields.String(metadata={"description": "planned, in_progress, completed, "
                                                    "in_use, closed"})
    percent = fields.Integer()
    investment_total_wan = fields.Float(metadata={"description": "万元"})
    investment_done_wan = fields.Float(metadata={"description": "万元"})
    investment_rate = fields.Float(allow_none=True)
    start = fields.Date(allow_none=True)
    due = fields.Date()
    township_id = fields.Integer(allow_none=True)
    township = fields.String(allow_none=True)
    area = fields.String(allow_none=True)
    place = fields.String(allow_none=True, metadata={"description": "township · area"})
    lat = fields.Float(allow_none=True, metadata={"description": "rounded to 0.01°"})
    lon = fields.Float(allow_none=True)
    late = fields.Boolean(metadata={"description": "a milestone is late (节点滞后)"})
    late_milestones = fields.Integer()
    milestones = fields.List(fields.Nested(PublicMilestone))
    updated_on = fields.Date(allow_none=True, metadata={
        "description": "local day of the latest progress update"})
    photos = fields.List(fields.String(), metadata={
        "description": "the latest progress photos (thumb and display via the public "
                       "photo path)"})
    feedback = fields.Nested(RatingCounts)


class PublicProgress(Schema):
    """One progress update as the public reads it: a local day, the redacted text."""

    on = fields.Date()
    text = fields.String(metadata={"description": "redacted by sync.redact"})
    percent = fields.Integer()
    investment_done_wan = fields.Float()
    photos = fields.List(fields.String())


class PublicProjectDetail(PublicProject):
    """One public project with its progress history (newest first, the latest 100)."""

    progress = fields.List(fields.Nested(PublicProgress))
    progress_count = fields.Integer(metadata={"description": "all updates, shown or not"})
    item_id = fields.Integer(allow_none=True, metadata={
        "description": "the public item the project was escalated from"})


class PublicProjectPage(Schema):
    """A page of public projects with the counts the filters offer."""

    projects = fields.List(fields.Nested(PublicProject))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()
    by_status = fields.Dict(keys=fields.String(), values=fields.Integer())
    by_category = fields.Dict(keys=fields.String(), values=fields.Integer())
    townships = fields.List(fields.Nested(TownshipCount))
    categories = fields.List(fields.Nested(CategoryCount))
