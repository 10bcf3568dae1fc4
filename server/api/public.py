"""The public progress list (晒账单) and its photos: no login, nothing personal."""

from flask import Response
from marshmallow import RAISE, Schema, fields, validate

from server.api.parser import ZlBlueprint
from server.api.photos import check_name
from server.services import photos, public

blp = ZlBlueprint("public", __name__, url_prefix="/api/v1/public", description="公开进度")


class PublicFilter(Schema):
    """Filters of the public list."""

    status = fields.List(fields.String(validate=validate.OneOf(public.PUBLIC_STATES)))
    category = fields.String(validate=validate.Length(max=40))
    page = fields.Integer(load_default=1, validate=validate.Range(1, 100_000))
    per_page = fields.Integer(load_default=20, validate=validate.Range(1, 100))


class PublicPhotos(Schema):
    """Before and after photos of an item (display size via the public photo path)."""

    before = fields.List(fields.String())
    after = fields.List(fields.String())


class PublicItem(Schema):
    """One item as residents see it."""

    id = fields.Integer()
    category = fields.String()
    category_name = fields.String(allow_none=True)
    township = fields.String(allow_none=True)
    status = fields.String()
    description = fields.String()
    unit = fields.String(allow_none=True)
    deadline = fields.Date(allow_none=True)
    overdue = fields.Boolean()
    reported_on = fields.Date()
    closed_on = fields.Date(allow_none=True)
    lat = fields.Float(allow_none=True)
    lon = fields.Float(allow_none=True)
    photos = fields.Nested(PublicPhotos)


class PublicPage(Schema):
    """A page of public items with counts."""

    items = fields.List(fields.Nested(PublicItem))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()
    by_status = fields.Dict(keys=fields.String(), values=fields.Integer())
    by_category = fields.Dict(keys=fields.String(), values=fields.Integer())


@blp.get("/items")
@blp.arguments(PublicFilter, location="query", unknown=RAISE)
@blp.response(200, PublicPage)
def public_items(filters):
    """Items in progress and closed, with counts by status and category."""
    return public.public_items(filters)


@blp.route("/photos/<string(length=64):sha>/display", methods=["GET"])
@blp.doc(responses={"200": {"description": "JPEG", "content": {
    "image/jpeg": {"schema": {"type": "string", "format": "binary"}}}}})
def public_photo(sha):
    """The EXIF-stripped display size of a before/after photo of a public item."""
    check_name(sha)
    public.ensure_public_photo(sha)
    data, mime = photos.read_variant(sha, "display")
    return Response(data, mimetype=mime,
                    headers={"Cache-Control": "public, max-age=86400"})
