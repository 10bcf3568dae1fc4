"""公示牌 over HTTP: the A4 placard of a public item or 民生实事 project for the office and
admins, as the page to print from the browser or as PDF
(GET /api/v1/items/<id>/placard, GET /api/v1/projects/<id>/placard; ?format=html|pdf)."""

from flask import request
from marshmallow import RAISE

from server.api.guard import auth_required, current_user
from server.api.parser import ZlBlueprint
from server.api.schemas.placard import PlacardQuery
from server.db_setup import reading
from server.extensions import db
from server.services import placard, placard_project, projects

blp = ZlBlueprint("placard", __name__, url_prefix="/api/v1", description="公示牌")
_FORMATS = {"200": {"description": "format=html (default): the printable A4 page; "
                                   "format=pdf: the same page as an A4 PDF",
                    "content": {"text/html": {"schema": {"type": "string"}},
                                "application/pdf": {"schema": {"type": "string",
                                                               "format": "binary"}}}}}


@blp.before_request
def _named_project_in_scope():
    """404 for a project outside the caller's scope, after the guard's 401/403 and before
    the query is read (the guard itself knows items, not projects)."""
    project_id = (request.view_args or {}).get("project_id")
    if project_id is not None:
        with reading(db.session):
            projects.load_project(current_user(), project_id)


@blp.get("/items/<int:item_id>/placard")
@auth_required("office", "admin")
@blp.arguments(PlacardQuery, location="query", as_kwargs=False, unknown=RAISE)
@blp.doc(responses=_FORMATS)
def item_placard(args, item_id):
    """问题整改公示牌 of a public item (409 not_public for one the public may not see)."""
    return placard.respond(placard.placard(current_user(), item_id), args["format"])


@blp.get("/projects/<int:project_id>/placard")
@auth_required("office", "admin")
@blp.arguments(PlacardQuery, location="query", as_kwargs=False, unknown=RAISE)
@blp.doc(responses=_FORMATS)
def project_placard(args, project_id):
    """民生实事项目公示牌 of a public project (409 not_public for one withheld)."""
    data = placard_project.placard(current_user(), project_id)
    return placard_project.respond(data, args["format"])
