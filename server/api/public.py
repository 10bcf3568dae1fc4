"""The public progress list (晒账单) and its photos: no login, nothing personal."""

from flask import Response
from flask_smorest import Blueprint
from marshmallow import RAISE, Schema, fields, validate

from server.api.photos import check_name
from server.services import photos, public

blp = Blueprint("public", __name__, url_prefix="/api/v1/public", description="公开进度")


class PublicFilter(Schema):
    """Filters of the public list."""

    status = fields.List(fields.String(validate=validate.OneOf(public.PUBLIC_STATES)))
    category = fields.String(validate=validate.Length(max=40))
    page = fields.Integer(load_default=1, validate=validate.Range(1, 100_000))
    per_page = fields.Integer(load_default=20, validate=validate.Range(1, 100))


@blp.get("/items")
@blp.arguments(PublicFilter, location="query", unknown=RAISE)
def public_items(filters):
    """Items in progress and closed, with counts by status and category."""
    return public.public_items(filters)


@blp.route("/photos/<string(length=64):sha>/display", methods=["GET"])
def public_photo(sha):
    """The EXIF-stripped display size of a before/after photo of a public item."""
    check_name(sha)
    public.ensure_public_photo(sha)
    data, mime = photos.read_variant(sha, "display")
    return Response(data, mimetype=mime,
                    headers={"Cache-Control": "public, max-age=86400"})
