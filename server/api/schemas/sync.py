"""Schemas of push and pull."""

from marshmallow import Schema, fields, validate

from server.api.schemas.items import ItemOut
from sync.protocol import PushIn  # noqa: F401  (the push body is defined by the protocol)


class PushOut(Schema):
    """One result per mutation, in order."""

    results = fields.List(fields.Dict())


class PullArgs(Schema):
    """Where to continue from."""

    class Meta:
        """Reject unknown parameters."""

        unknown = "raise"

    cursor = fields.Integer(load_default=0, validate=validate.Range(0, 2**62))
    limit = fields.Integer(load_default=100, validate=validate.Range(1, 500))


class PullOut(Schema):
    """A page of changed items."""

    cursor = fields.Integer()
    more = fields.Boolean()
    items = fields.List(fields.Nested(ItemOut))
