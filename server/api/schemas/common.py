"""Field types shared by the API schemas: the sync protocol's, so both paths agree."""

from datetime import UTC

from marshmallow import Schema, fields

from sync.protocol import SHA256, Strict, accuracy, latitude, longitude, photo_list, text

StrictSchema = Strict

__all__ = ["SHA256", "ErrorOut", "StrictSchema", "accuracy", "latitude", "longitude",
           "photo_list", "text"]


class ErrorDetail(Schema):
    """The inside of the one error shape."""

    code = fields.String(required=True)
    message = fields.String(required=True)
    details = fields.Dict(required=True)


class ErrorOut(Schema):
    """Every 4xx answer: {"error": {"code", "message", "details"}}."""

    error = fields.Nested(ErrorDetail, required=True)


class UtcDateTime(fields.DateTime):
    """A stored time (naive, in UTC) sent as RFC 3339 with its offset: `...+00:00`.

    Without the offset a browser's `new Date()` reads it as local time (8 h off in
    Asia/Shanghai), and OpenAPI's `date-time` format requires it.
    """

    def _serialize(self, value, attr, obj, **kwargs):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return super()._serialize(value, attr, obj, **kwargs)
