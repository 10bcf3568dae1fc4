"""民生实事 projects over HTTP: list, create, read, edit, progress and the milestone plan.

The office creates and edits; handlers of a project's unit read it and post progress;
supervisors and admins read. A project the caller may not see (or act on) is 404 before
any body is read, like an item (server/api/guard.py).
"""

from flask import request
from marshmallow import RAISE

from server.api.guard import auth_required, current_user
from server.api.parser import ZlBlueprint
from server.api.schemas.projects import (
    PlanOut,
    PlanQuery,
    ProgressIn,
    ProjectDetail,
    ProjectFields,
    ProjectFilter,
    ProjectIn,
    ProjectPage,
)
from server.db_setup import reading
from server.extensions import db
from server.services import projects, projects_progress, projects_views

blp = ZlBlueprint("projects", __name__, url_prefix="/api/v1/projects", description="民生实事")
READERS = ("office", "supervisor", "admin", "handler")


@blp.before_request
def _named_project_in_scope():
    """404 for a project outside the caller's scope, after the guard's 401/403, before the
    body (the app's before_request hooks run before a blueprint's)."""
    project_id = (request.view_args or {}).get("project_id")
    if project_id is not None:
        with reading(db.session):
            projects.load_project(current_user(), project_id,
                                  to_act=request.method not in ("GET", "HEAD"))


@blp.get("")
@auth_required(*READERS)
@blp.arguments(ProjectFilter, location="query", unknown=RAISE)
@blp.response(200, ProjectPage)
def list_projects(filters):
    """The projects in the caller's scope, filtered and paged."""
    found, total = projects.list_projects(current_user(), filters)
    return {"projects": projects_views.rows(found), "total": total,
            "page": filters["page"], "per_page": filters["per_page"]}


@blp.post("")
@auth_required("office")
@blp.arguments(ProjectIn)
@blp.response(201, ProjectDetail)
def create_project(body):
    """A new project; milestones planned from the template when not given."""
    project = projects.create(current_user(), body)
    db.session.commit()
    return projects_views.detail(project)


@blp.get("/milestones/plan")
@auth_required("office")
@blp.arguments(PlanQuery, location="query", unknown=RAISE)
@blp.response(200, PlanOut)
def plan_milestones(args):
    """倒排工期: milestones proposed back from a completion date on working days."""
    return {"milestones": projects_progress.plan(args["due"], args.get("start"))}


@blp.get("/<int:project_id>")
@auth_required(*READERS)
@blp.response(200, ProjectDetail)
def get_project(project_id):
    """One project with its milestones and progress."""
    return projects_views.detail(projects.load_project(current_user(), project_id))


@blp.patch("/<int:project_id>")
@auth_required("office")
@blp.arguments(ProjectFields)
@blp.response(200, ProjectDetail)
def edit_project(body, project_id):
    """The office's edit (the milestone list, when given, replaces the old one)."""
    project = projects.update(current_user(), project_id, body)
    db.session.commit()
    return projects_views.detail(project)


@blp.post("/<int:project_id>/progress")
@auth_required("handler", "office")
@blp.arguments(ProgressIn)
@blp.response(201, ProjectDetail)
def post_progress(body, project_id):
    """项目进展 from the unit's handler or the office."""
    projects_progress.post_progress(current_user(), project_id, body)
    db.session.commit()
    return projects_views.detail(projects.load_project(current_user(), project_id))
