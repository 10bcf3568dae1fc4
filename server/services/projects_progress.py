"""项目进展: a progress update from the project's unit (or the office), and the milestone
plan the console proposes.

The same operation serves the `project.progress` mutation (server/services/sync_apply.py),
which stores the mutation's id as `client_id`: one update per mutation, however often sent.
Each update keeps the project's figures just before it (`percent_before`,
`investment_before_wan`): the 月度进展 counts what a first update adds to the figures the
project was entered with (sync/project_figures.py).
"""

from datetime import date

from sqlalchemy import select

from server.clock import utcnow
from server.extensions import db
from server.models import ProjectProgress, User
from server.reports.calendar import current_calendar
from server.services.clock import local_today
from server.services.evidence import require_photos
from server.services.projects import load_project
from sync import projects as rules


def _update_of(data: dict) -> rules.Progress:
    """The domain's view of a progress body."""
    return rules.Progress(text=data["text"], percent=data.get("percent"),
                          investment_done_wan=data.get("investment_done_wan"),
                          over_budget_reason=data.get("over_budget_reason"))


def _facts(project) -> rules.ProjectFacts:
    """The domain's view of a project."""
    return rules.ProjectFacts(status=project.status, percent=project.percent,
                              investment_total_wan=project.investment_total_wan,
                              investment_done_wan=project.investment_done_wan,
                              lat=project.lat, lon=project.lon,
                              progress_photo_count=project.progress_photo_count)


def existing(client_id: str | None) -> ProjectProgress | None:
    """The update already stored under this client id, if any."""
    if not client_id:
        return None
    return db.session.execute(select(ProjectProgress).where(
        ProjectProgress.client_id == client_id)).scalar_one_or_none()


def post_progress(user: User, project_id: int, data: dict,
                  client_id: str | None = None) -> ProjectProgress:
    """Record a progress update, with the project's figures before it, and move them by
    the domain's rule."""
    project = load_project(user, project_id, to_act=True, lock=True)
    update = _update_of(data)
    require_photos(data.get("photos") or [])
    facts = _facts(project)
    out = rules.apply_progress(facts, update)
    now = utcnow()
    row = ProjectProgress(project_id=project.id, user_id=user.id, text=data["text"],
                          percent=out.percent, investment_done_wan=out.investment_done_wan,
                          percent_before=facts.percent,
                          investment_before_wan=facts.investment_done_wan,
                          over_budget_reason=update.over_budget_reason,
                          photos=list(dict.fromkeys(data.get("photos") or [])),
                          lat=data.get("lat"), lon=data.get("lon"),
                          accuracy_m=data.get("accuracy_m"), client_id=client_id, at=now)
    project.status, project.percent = out.status, out.percent
    project.investment_done_wan = out.investment_done_wan
    if out.over_budget:
        project.over_budget_reason = update.over_budget_reason
    project.progress_photo_count += len(row.photos)
    project.updated_at = now
    db.session.add(row)
    db.session.flush()
    return row


def plan(due: date, start: date | None = None) -> list[dict]:
    """Milestones proposed from the template, with their lateness as of today."""
    today = local_today()
    return [{**m, "id": None, "done_on": None, "late": rules.is_late(m["due"], None, today)}
            for m in rules.plan_milestones(due, current_calendar(), start)]
