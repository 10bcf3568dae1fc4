"""Schema of the 公示牌's query: the page for the browser's print, or the PDF."""

from marshmallow import fields, validate

from server.api.schemas.common import StrictSchema

FORMATS = ("html", "pdf")


class PlacardQuery(StrictSchema):
    """?format=html (default: the printable A4 page) or pdf."""

    format = fields.String(load_default="html", validate=validate.OneOf(FORMATS))
