"""Schemas of 周抽查: drawing a week's sample, listing the draws, an item's history."""

from marshmallow import Schema, fields, validate

from server.api.schemas.common import StrictSchema, UtcDateTime
from sync.spotcheck import MAX_SIZE


class DrawIn(StrictSchema):
    """Draw `size` of the items closed in ISO week `week`."""

    week = fields.String(required=True, validate=validate.Length(1, 20))
    size = fields.Integer(load_default=5, validate=validate.Range(1, MAX_SIZE))


class DrawFilter(Schema):
    """The week whose draws to list (without it: the latest draws)."""

    class Meta:
        """Reject unknown parameters."""

        unknown = "raise"

    week = fields.String(validate=validate.Length(1, 20))


class SpotCheckEntryOut(Schema):
    """One sampled item and its re-check."""

    id = fields.Integer()
    spot_check_id = fields.Integer()
    week = fields.String()
    item_id = fields.Integer()
    category = fields.String()
    area_name = fields.String(allow_none=True)
    township_name = fields.String(allow_none=True)
    unit_name = fields.String(allow_none=True)
    closed_at = UtcDateTime(allow_none=True)
    closed_by_name = fields.String(allow_none=True)
    supervisor_id = fields.Integer(allow_none=True)
    supervisor_name = fields.String(allow_none=True)
    result = fields.String(allow_none=True, metadata={"description": "null, pass or fail"})
    note = fields.String(allow_none=True)
    rechecked_at = UtcDateTime(allow_none=True)
    rechecked_by_name = fields.String(allow_none=True)
    distance_m = fields.Float(allow_none=True)


class SpotCheckOut(Schema):
    """A draw: the week, the seed and population it was drawn with, and its entries."""

    id = fields.Integer()
    week = fields.String()
    seed = fields.Integer()
    size = fields.Integer()
    population = fields.Integer(metadata={"description": "items closed that week in scope"})
    population_ids = fields.List(fields.Integer(), metadata={
        "description": "their ids in id order: sync.spotcheck.draw(ids, size, seed) redraws"})
    township_id = fields.Integer(allow_none=True)
    township_name = fields.String(allow_none=True)
    drawn_at = UtcDateTime()
    drawn_by_name = fields.String(allow_none=True)
    counts = fields.Dict(keys=fields.String(), values=fields.Integer())
    entries = fields.List(fields.Nested(SpotCheckEntryOut))


class DrawOut(Schema):
    """The draw just made."""

    spot_check = fields.Nested(SpotCheckOut)


class DrawList(Schema):
    """The draws visible to the caller."""

    spot_checks = fields.List(fields.Nested(SpotCheckOut))
