"""Field types shared by the API schemas: the sync protocol's, so both paths agree."""

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
