"""Projects as the API answers them: rows with names and derived lateness, and details
with milestones, progress, verifications and the item a project was escalated from."""

from sqlalchemy import func, select

from server.extensions import db
from server.models import Milestone, Project, ProjectProgress, Unit, User
from server.services import escalation, project_verify
from server.services.clock import local_today
from sync import projects as rules

_FIELDS = ("id", "name", "batch", "category", "unit_id", "leader", "leader_led",
           "over_budget_reason", "start", "due", "status", "percent", "lat", "lon", "area_id",
           "township_id", "public", "item_id", "created_at", "updated_at")


def _names(model, ids) -> dict:
    """id -> name for the given ids."""
    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    return dict(db.session.execute(select(model.id, model.name).where(model.id.in_(ids))).all())


def _late_counts(project_ids, today) -> dict:
    """project id -> how many of its milestones are late today."""
    if not project_ids:
        return {}
    rows = db.session.execute(
        select(Milestone.project_id, func.count()).where(
            Milestone.project_id.in_(project_ids), Milestone.done_on.is_(None),
            Milestone.due < today).group_by(Milestone.project_id))
    return dict(rows.all())


def _row(p: Project, unit_names: dict, late: int) -> dict:
    """One project as a list row."""
    out = {k: getattr(p, k) for k in _FIELDS}
    total, done = float(p.investment_total_wan or 0), float(p.investment_done_wan or 0)
    out.update(unit_name=unit_names.get(p.unit_id), investment_total_wan=total,
               investment_done_wan=done, late=late > 0, late_milestones=late,
               investment_rate=round(done / total, 4) if total else None)
    return out


def rows(projects: list[Project]) -> list[dict]:
    """Projects as list rows, with unit names and late milestone counts."""
    units = _names(Unit, [p.unit_id for p in projects])
    late = _late_counts([p.id for p in projects], local_today())
    return [_row(p, units, late.get(p.id, 0)) for p in projects]


def detail(project: Project) -> dict:
    """A project with its milestones (lateness derived), its progress (newest first), its
    verifications and the item it came from."""
    today = local_today()
    out = rows([project])[0]
    out["milestones"] = [{"id": m.id, "name": m.name, "due": m.due, "done_on": m.done_on,
                          "position": m.position,
                          "late": rules.is_late(m.due, m.done_on, today)}
                         for m in project.milestones]
    updates = list(db.session.execute(
        select(ProjectProgress).where(ProjectProgress.project_id == project.id)
        .order_by(ProjectProgress.id.desc()).limit(100)).scalars())
    people = _names(User, [u.user_id for u in updates])
    out["progress"] = [{"id": u.id, "user_id": u.user_id, "user_name": people.get(u.user_id),
                        "text": u.text, "percent": u.percent,
                        "investment_done_wan": float(u.investment_done_wan),
                        "over_budget_reason": u.over_budget_reason, "photos": u.photos or [],
                        "lat": u.lat, "lon": u.lon, "accuracy_m": u.accuracy_m, "at": u.at}
                       for u in updates]
    out["verifications"] = project_verify.history(project.id)
    out["item"] = escalation.linked_item(project)
    return out
