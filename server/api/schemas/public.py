"""Schemas of the public page (晒账单), 群众评议 and the office's publication choices."""

from marshmallow import Schema, fields, validate

from server.api.schemas.common import StrictSchema, UtcDateTime
from server.api.schemas.common import text as text_field
from sync.publication import FEEDBACK_MAX_CHARS, PUBLIC_STATES, RATINGS

_ID = validate.Range(1, 2**62)


class PublicFilter(Schema):
    """Filters of the public list."""

    status = fields.List(fields.String(validate=validate.OneOf(PUBLIC_STATES)))
    category = fields.String(validate=validate.Length(max=40))
    township_id = fields.Integer(validate=validate.Range(1, 2**31 - 1))
    page = fields.Integer(load_default=1, validate=validate.Range(1, 100_000))
    per_page = fields.Integer(load_default=20, validate=validate.Range(1, 50))


class PublicPhotos(Schema):
    """Before and after photos of an item (thumb and display via the public photo path)."""

    before = fields.List(fields.String())
    after = fields.List(fields.String())


class RatingCounts(Schema):
    """群众评议 counted per rating."""

    satisfied = fields.Integer()
    basic = fields.Integer()
    unsatisfied = fields.Integer()


class PublicItem(Schema):
    """One item as residents see it: nothing personal."""

    id = fields.Integer()
    category = fields.String()
    category_name = fields.String(allow_none=True)
    township_id = fields.Integer(allow_none=True)
    township = fields.String(allow_none=True)
    area = fields.String(allow_none=True)
    place = fields.String(allow_none=True, metadata={"description": "township · area"})
    status = fields.String()
    text = fields.String(metadata={"description": "the redacted public text"})
    unit = fields.String(allow_none=True)
    deadline = fields.Date(allow_none=True)
    overdue = fields.Boolean()
    reported_on = fields.Date(metadata={"description": "local day"})
    accepted_on = fields.Date(allow_none=True)
    rectified_on = fields.Date(allow_none=True)
    closed_on = fields.Date(allow_none=True)
    lat = fields.Float(allow_none=True, metadata={"description": "rounded to 0.01°"})
    lon = fields.Float(allow_none=True)
    photos = fields.Nested(PublicPhotos)
    feedback = fields.Nested(RatingCounts)


class PublicStep(Schema):
    """A step of an item's progress, on a local day."""

    step = fields.String(metadata={"description": "reported, accepted, rectified, returned, "
                                                  "closed, rechecked, reopened"})
    on = fields.Date()


class PublicItemDetail(PublicItem):
    """One public item with its progress."""

    steps = fields.List(fields.Nested(PublicStep))


class TownshipCount(Schema):
    """A township to filter by, with how many public items it holds."""

    id = fields.Integer()
    name = fields.String(allow_none=True)
    count = fields.Integer()


class CategoryCount(Schema):
    """A category to filter by, with how many public items it holds."""

    code = fields.String()
    name = fields.String(allow_none=True)
    count = fields.Integer()


class PublicPage(Schema):
    """A page of public items with the counts the filters offer."""

    items = fields.List(fields.Nested(PublicItem))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()
    by_status = fields.Dict(keys=fields.String(), values=fields.Integer())
    by_category = fields.Dict(keys=fields.String(), values=fields.Integer())
    townships = fields.List(fields.Nested(TownshipCount))
    categories = fields.List(fields.Nested(CategoryCount))


class FeedbackIn(StrictSchema):
    """群众评议: a rating and an optional text; nothing personal is asked for."""

    target = fields.String(required=True, validate=validate.OneOf(["item", "project"]))
    id = fields.Integer(required=True, validate=_ID)
    rating = fields.String(required=True, validate=validate.OneOf(RATINGS))
    text = text_field(FEEDBACK_MAX_CHARS, allow_none=True)


class FeedbackGiven(Schema):
    """The rating just recorded (the counts beside it are its item's or project's now)."""

    id = fields.Integer()
    rating = fields.String()
    created_at = UtcDateTime()


class FeedbackOut(Schema):
    """Answer to a rating."""

    feedback = fields.Nested(FeedbackGiven)
    counts = fields.Nested(RatingCounts)


class FeedbackFilter(Schema):
    """Filters of the office's list of 群众评议."""

    class Meta:
        """Reject unknown parameters."""

        unknown = "raise"

    target = fields.String(validate=validate.OneOf(["item", "project"]))
    item_id = fields.Integer(validate=_ID)
    project_id = fields.Integer(validate=validate.Range(1, 2**31 - 1))
    rating = fields.String(validate=validate.OneOf(RATINGS))
    after_close = fields.Boolean()
    page = fields.Integer(load_default=1, validate=validate.Range(1, 1_000_000))
    per_page = fields.Integer(load_default=50, validate=validate.Range(1, 200))


class FeedbackRow(Schema):
    """One rating as the office reads it."""

    id = fields.Integer()
    target = fields.String(metadata={"description": "item or project"})
    item_id = fields.Integer(allow_none=True)
    project_id = fields.Integer(allow_none=True)
    project_name = fields.String(allow_none=True)
    rating = fields.String()
    text = fields.String(allow_none=True)
    created_at = UtcDateTime()
    item_status_then = fields.String(allow_none=True)
    item_status = fields.String(allow_none=True)
    project_status_then = fields.String(allow_none=True)
    project_status = fields.String(allow_none=True)
    township = fields.String(allow_none=True)
    after_close = fields.Boolean(metadata={
        "description": "given after the item or project was closed (销号)"})


class FeedbackPage(Schema):
    """A page of 群众评议."""

    feedback = fields.List(fields.Nested(FeedbackRow))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()


class PublicationIn(StrictSchema):
    """The office's publication choices: an edited public text (null or "": the redacted
    description again), and 不公开 with its reason."""

    text = text_field(4000, allow_none=True)
    hidden = fields.Boolean()
    hidden_reason = text_field(500, allow_none=True)


class Redaction(Schema):
    """What the redaction hid: a span of the source text and its kind."""

    start = fields.Integer()
    end = fields.Integer()
    kind = fields.String()


class PublicationOut(Schema):
    """An item's publication as the office sees it."""

    public = fields.Boolean()
    not_public_because = fields.String(allow_none=True, metadata={
        "description": "not_accepted (new, rejected, merged), hidden (不公开) or null"})
    original = fields.String()
    source = fields.String(metadata={"description": "what is redacted: the edit or the original"})
    edited = fields.Boolean()
    text = fields.String(metadata={"description": "the public text"})
    redactions = fields.List(fields.Nested(Redaction))
    hidden = fields.Boolean()
    hidden_reason = fields.String(allow_none=True)
    updated_at = UtcDateTime(allow_none=True)
    updated_by_name = fields.String(allow_none=True)
