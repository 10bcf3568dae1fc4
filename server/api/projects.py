"""民生实事 projects over HTTP: list, create, read, edit, progress, the milestone plan and
the on-site verification (验收) that closes a project.

The office creates and edits; handlers of a project's unit read it and post progress;
supervisors and admins read, and supervisors verify (the roles of an item's verify). A
project the caller may not see (or act on, or verify) is 404 before any body is read,
like an item (server/api/guard.py).
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
    ProjectVerifyIn,
)
from server.db_setup import reading
from server.extensions import db
from server.services import project_verify, projects, projects_progress, projects_views
from sync.workflow import roles_for

blp = ZlBlueprint("projects", __name__, url_prefix="/api/v1/projects", description="民生实事")
READERS = ("office", "supervisor", "admin", "handler")
VERIFIERS = tuple(sorted(roles_for("verify")))  # as for an item's verify


@blp.before_request
def _named_project_in_scope():
    """404 for a project outside the caller's scope, after the guard's 401/403, before the
    body (the app's before_request hooks run before a blueprint's)."""
    project_id = (request.view_args or {}).get("project_id")
    if project_id is None:
        return
    with reading(db.session):
        if request.endpoint == f"{blp.name}.verify_project":
            project_verify.load(current_user(), project_id)
        else:
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


@blp.post("/<int:project_id>/actions/verify")
@auth_required(*VERIFIERS)
@blp.arguments(ProjectVerifyIn)
@blp.response(200, ProjectDetail)
def verify_project(body, project_id):
    """验收: close the project (销号) or send it back, by the item's rule."""
    project_verify.verify(current_user(), project_id, body)
    db.session.commit()
    return projects_views.detail(project_verify.load(current_user(), project_id))
