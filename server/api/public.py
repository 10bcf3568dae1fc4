"""The public progress page (晒账单) over HTTP: accepted items and 民生实事 projects, no
login, nothing personal; 群众评议 of either."""

from flask import Response, request
from marshmallow import RAISE

from server.api.parser import ZlBlueprint
from server.api.photos import check_name
from server.api.schemas.public import (
    FeedbackIn,
    FeedbackOut,
    PublicFilter,
    PublicItemDetail,
    PublicPage,
)
from server.api.schemas.public_projects import (
    PublicProjectDetail,
    PublicProjectFilter,
    PublicProjectPage,
)
from server.extensions import db
from server.services import feedback, photos, public, public_projects

blp = ZlBlueprint("public", __name__, url_prefix="/api/v1/public", description="公开进度")
_JPEG = {"200": {"description": "JPEG", "content": {
    "image/jpeg": {"schema": {"type": "string", "format": "binary"}}}}}


@blp.get("/items")
@blp.arguments(PublicFilter, location="query", unknown=RAISE)
@blp.response(200, PublicPage)
def public_items(filters):
    """Accepted items, newest first, with counts by status, category and township."""
    return public.public_items(filters)


@blp.get("/items/<int:item_id>")
@blp.response(200, PublicItemDetail)
def public_item(item_id):
    """One public item with its progress (the page a 公示牌's QR code opens)."""
    return public.public_item(item_id)


@blp.get("/projects")
@blp.arguments(PublicProjectFilter, location="query", unknown=RAISE)
@blp.response(200, PublicProjectPage)
def public_project_list(filters):
    """民生实事 projects in the 台账's order, with counts by status, aspect and township."""
    return public_projects.public_projects(filters)


@blp.get("/projects/<int:project_id>")
@blp.response(200, PublicProjectDetail)
def public_project(project_id):
    """One public project with its milestones and progress (what its 公示牌 opens)."""
    return public_projects.public_project(project_id)


@blp.post("/feedback")
@blp.arguments(FeedbackIn)
@blp.response(201, FeedbackOut)
def give_feedback(body):
    """A resident rates an item's or a project's progress (满意 / 基本满意 / 不满意),
    rate-limited."""
    row = feedback.give(request.remote_addr or "-", body)
    db.session.commit()
    if row.target == "project":
        counts = public_projects.feedback_counts([row.project_id])[row.project_id]
    else:
        counts = public.feedback_counts([row.item_id])[row.item_id]
    return {"feedback": {"id": row.id, "rating": row.rating, "created_at": row.created_at},
            "counts": counts}


def _photo(sha: str, variant: str) -> Response:
    """A derivative of a before/after photo of a public item or a progress photo of a
    public project."""
    check_name(sha)
    public_projects.ensure_public_photo(sha)
    data, mime = photos.read_variant(sha, variant)
    return Response(data, mimetype=mime, headers={"Cache-Control": "public, max-age=86400"})


@blp.route("/photos/<string(length=64):sha>/display", methods=["GET"])
@blp.doc(responses=_JPEG)
def public_photo(sha):
    """The re-encoded display size (no metadata) of a public photo."""
    return _photo(sha, "display")


@blp.route("/photos/<string(length=64):sha>/thumb", methods=["GET"])
@blp.doc(responses=_JPEG)
def public_thumb(sha):
    """The re-encoded thumbnail (no metadata) of a public photo."""
    return _photo(sha, "thumb")
