"""民生实事 projects: who sees which, and the office's create, edit and list.

Scope: office, supervisor and admin see every project (a township-scoped one its
township's, by the project's area); a handler sees their unit's. The rules of what may
change live in sync/projects.py; this module loads, checks and stores.
"""

from datetime import date

from sqlalchemy import ColumnElement, exists, false, func, or_, select, true

from server.clock import utcnow
from server.errors import ApiError
from server.extensions import db
from server.models import Area, Category, Milestone, Project, Unit, User
from server.reports.calendar import current_calendar
from server.services.clock import local_today
from sync import projects as rules
from sync.errors import DomainError
from sync.hostile import INT32_MAX
from sync.workflow import roles_for

_SEE_ALL = frozenset({"office", "supervisor", "admin"})
_SIMPLE = ("name", "batch", "leader", "leader_led", "investment_total_wan", "start", "due",
           "percent", "lat", "lon", "public")


def _parts(user: User, roles: set[str]) -> list:
    """The conditions of the projects `user` reaches through `roles`."""
    parts = []
    if roles & _SEE_ALL:
        parts.append(true() if user.township_id is None
                     else Project.township_id == user.township_id)
    if "handler" in roles and user.unit_id is not None:
        parts.append(Project.unit_id == user.unit_id)
    return parts


def visible_projects(user: User) -> ColumnElement[bool]:
    """The condition selecting the projects `user` may read."""
    parts = _parts(user, set(user.roles or ()))
    return or_(*parts) if parts else false()


def acting_projects(user: User) -> ColumnElement[bool]:
    """The projects `user` may act on: the office's scope, and a handler's own unit's."""
    parts = _parts(user, set(user.roles or ()) & {"office", "handler"})
    return or_(*parts) if parts else false()


def verifying_projects(user: User) -> ColumnElement[bool]:
    """The projects `user` may verify on site (销号): through the roles of an item's verify
    (a supervisor's scope), never through a handler's unit."""
    parts = _parts(user, set(user.roles or ()) & roles_for("verify"))
    return or_(*parts) if parts else false()


def load_project(user: User, project_id: int, to_act: bool = False,
                 lock: bool = False, scope: ColumnElement[bool] | None = None) -> Project:
    """A project in the user's scope (to read, or to act on; `scope`: another condition,
    such as verifying_projects); not_found otherwise."""
    if not 0 < project_id <= INT32_MAX:
        raise ApiError("not_found", {"project_id": project_id})
    if scope is None:
        scope = acting_projects(user) if to_act else visible_projects(user)
    stmt = select(Project).where(Project.id == project_id, scope)
    if lock:
        stmt = stmt.with_for_update(of=Project)
    project = db.session.execute(stmt).scalar_one_or_none()
    if project is None:
        raise ApiError("not_found", {"project_id": project_id})
    return project


def late_clause(today: date) -> ColumnElement[bool]:
    """Projects with a milestone past its date and not done (the SQL twin of is_late)."""
    return exists().where(Milestone.project_id == Project.id, Milestone.done_on.is_(None),
                          Milestone.due < today)


def _bad(field: str, problem: str) -> DomainError:
    """A 422 naming one field."""
    return DomainError("validation_failed", problem, {"fields": {field: [problem]}})


def _check_refs(data: dict) -> None:
    """The unit, category and area named must exist (and be active)."""
    if "unit_id" in data:
        unit = db.session.get(Unit, data["unit_id"])
        if unit is None or not unit.active:
            raise _bad("unit_id", "unknown unit")
    if "category" in data:
        cat = db.session.get(Category, data["category"])
        if cat is None or not cat.active:
            raise _bad("category", "unknown category")
    if data.get("area_id") is not None and db.session.get(Area, data["area_id"]) is None:
        raise _bad("area_id", "unknown area")


def _township_of(area_id: int | None) -> int | None:
    """The township an area lies in (a township is its own)."""
    area = db.session.get(Area, area_id) if area_id is not None else None
    if area is None:
        return None
    return area.id if area.kind == "township" else area.township_id


def _check_dates(project: Project) -> None:
    """A start after the completion date is a typing error."""
    if project.start is not None and project.start > project.due:
        raise _bad("start", "start is after due")


def _set_milestones(project: Project, given: list[dict] | None) -> None:
    """Replace the milestones with `given`, or plan them from the template when None."""
    if given is None:
        given = rules.plan_milestones(project.due, current_calendar(), project.start)
    project.milestones = [Milestone(name=m["name"], due=m["due"], done_on=m.get("done_on"),
                                    position=i) for i, m in enumerate(given)]


def _apply(project: Project, data: dict) -> None:
    """Copy the written fields onto the project and check the investment rule."""
    for key in _SIMPLE + ("category", "unit_id", "over_budget_reason"):
        if key in data:
            setattr(project, key, data[key])
    if "area_id" in data:
        project.area_id, project.township_id = data["area_id"], _township_of(data["area_id"])
    _check_dates(project)
    rules.check_investment(project.investment_total_wan, project.investment_done_wan,
                           project.over_budget_reason)


def create(user: User, data: dict) -> Project:
    """A new project from the office (its milestones given or planned)."""
    _check_refs(data)
    project = Project(created_by=user.id, status=data.get("status", rules.PLANNED),
                      investment_done_wan=data.get("investment_done_wan", 0),
                      batch=1, leader_led=False, public=True, percent=0,
                      progress_photo_count=0)
    _apply(project, data)
    _set_milestones(project, data.get("milestones"))
    db.session.add(project)
    db.session.flush()
    return project


def update(user: User, project_id: int, data: dict) -> Project:
    """The office's edit: fields, a status change the rules allow, the milestone list."""
    project = load_project(user, project_id, to_act=True, lock=True)
    _check_refs(data)
    if "status" in data:
        rules.check_edit(project.status, data["status"])
        project.status = data["status"]
    if "investment_done_wan" in data:
        project.investment_done_wan = data["investment_done_wan"]
    _apply(project, data)
    if "milestones" in data:
        _set_milestones(project, data["milestones"])
    elif "due" in data and not project.milestones:
        _set_milestones(project, None)
    project.updated_at = utcnow()
    db.session.flush()
    return project


def _like(q: str) -> str:
    """A LIKE pattern matching `q` literally anywhere."""
    escaped = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def filter_conditions(user: User, f: dict) -> list:
    """The list's filters as SQL conditions, inside the user's scope."""
    conds = [visible_projects(user)]
    for key in ("unit_id", "batch", "category", "leader_led"):
        if key in f:
            conds.append(getattr(Project, key) == f[key])
    if f.get("status"):
        conds.append(Project.status.in_(f["status"]))
    if "late" in f:
        late = late_clause(local_today())
        conds.append(late if f["late"] else ~late)
    if f.get("q"):
        conds.append(Project.name.like(_like(f["q"]), escape="\\"))
    return conds


def list_projects(user: User, f: dict) -> tuple[list[Project], int]:
    """A page of the projects in scope matching the filters, by batch and id."""
    conds = filter_conditions(user, f)
    total = db.session.execute(select(func.count()).select_from(Project).where(*conds)
                               ).scalar_one()
    rows = db.session.execute(select(Project).where(*conds)
                              .order_by(Project.batch, Project.id)
                              .limit(f["per_page"]).offset((f["page"] - 1) * f["per_page"]))
    return list(rows.scalars()), total
