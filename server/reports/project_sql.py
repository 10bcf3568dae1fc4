"""SQL of the 月度进展 report and of the projects' part of the 季排名.

`late_at` is the SQL twin of sync.project_figures.late_on (tests/reports/
test_project_late_rule.py runs both over the same table of cases). `project_rows` reads,
in one statement, every project in scope entered by the as-of instant with the figures
(after and just before) of the progress updates the month's figures are computed from
(sync.project_figures): the last update before the month, the first and last in it, the
first after the as-of instant. Updates are ordered by id, which is the order they were
stored in (their time is the server's). tests/reports/test_project_figures_sql.py checks
this choice against sync.project_figures.period_figures over the same histories.
"""

from datetime import date

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import aliased

from server.extensions import db
from server.models import Milestone, Project, ProjectProgress
from server.reports import sql
from server.reports.periods import Window
from server.services.projects import visible_projects

_MARKS = ("before", "first_in", "last_in", "first_after")


def late_at(day: date):
    """Milestones late on `day`: past their date and not done by then."""
    return and_(Milestone.due < day, or_(Milestone.done_on.is_(None), Milestone.done_on > day))


def entered(user, w: Window) -> list:
    """The projects in the user's scope entered before the as-of instant."""
    return [visible_projects(user), Project.created_at < w.asof_utc]


def _marks(w: Window, conds: list):
    """Per project: ids of its marking updates and the number of updates in the month."""
    pp = ProjectProgress
    in_month = and_(pp.at >= w.start_utc, pp.at < w.asof_utc)
    return (select(pp.project_id,
                   func.max(case((pp.at < w.start_utc, pp.id))).label("before"),
                   func.min(case((in_month, pp.id))).label("first_in"),
                   func.max(case((in_month, pp.id))).label("last_in"),
                   func.min(case((pp.at >= w.asof_utc, pp.id))).label("first_after"),
                   sql.count_if(in_month).label("updates"))
            .where(pp.project_id.in_(select(Project.id).where(*conds)))
            .group_by(pp.project_id).subquery())


def project_rows(user, w: Window) -> list:
    """Every project in scope entered by the as-of instant, with its stored figures and the
    percent and investment after and before each marking update (None where there is
    none)."""
    conds = entered(user, w)
    marks = _marks(w, conds)
    cols, joins = [], []
    for name in _MARKS:
        alias = aliased(ProjectProgress, name=f"pp_{name}")
        cols += [alias.percent.label(f"{name}_percent"),
                 alias.investment_done_wan.label(f"{name}_wan"),
                 alias.percent_before.label(f"{name}_percent_before"),
                 alias.investment_before_wan.label(f"{name}_wan_before")]
        joins.append((alias, alias.id == marks.c[name]))
    stmt = select(Project.id, Project.name, Project.batch, Project.category, Project.unit_id,
                  Project.leader, Project.leader_led, Project.status, Project.due,
                  Project.percent, Project.investment_total_wan, Project.investment_done_wan,
                  func.coalesce(marks.c.updates, 0).label("updates"), *cols)
    stmt = stmt.outerjoin(marks, marks.c.project_id == Project.id)
    for alias, on in joins:
        stmt = stmt.outerjoin(alias, on)
    return db.session.execute(stmt.where(*conds).order_by(Project.id)).all()


def late_counts(user, w: Window) -> dict[int, int]:
    """project id -> milestones late on the as-of day."""
    stmt = (select(Milestone.project_id, func.count())
            .join(Project, Project.id == Milestone.project_id)
            .where(*entered(user, w), late_at(w.asof)).group_by(Milestone.project_id))
    return dict(db.session.execute(stmt).all())


def late_milestones(user, w: Window, limit: int) -> list:
    """Up to `limit` milestones late on the as-of day, the longest late first."""
    stmt = (select(Milestone.project_id, Milestone.name, Milestone.due)
            .join(Project, Project.id == Milestone.project_id)
            .where(*entered(user, w), late_at(w.asof))
            .order_by(Milestone.due, Milestone.project_id, Milestone.position, Milestone.id)
            .limit(limit))
    return db.session.execute(stmt).all()


def late_by_unit(user, w: Window) -> dict[int, int]:
    """unit id -> milestones of its projects late on the as-of day (for the 季排名)."""
    stmt = (select(Project.unit_id, func.count())
            .select_from(Milestone).join(Project, Project.id == Milestone.project_id)
            .where(*entered(user, w), late_at(w.asof)).group_by(Project.unit_id))
    return dict(db.session.execute(stmt).all())
