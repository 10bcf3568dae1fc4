"""月度进展 (#17): the 民生实事 projects at the end of a month (today for the month in
progress): investment planned and done and its rate, projects per status, the month's
progress updates and the investment they added, milestones late (节点滞后) with their
working days late; per unit, per batch, and the leader-led projects apart (领导领办).

A project's figures at the as-of instant come from its progress updates by the rules of
sync.project_figures (one statement reads them, server/reports/project_sql.py); the
status is the project's current one (status changes carry no date). A milestone is late
by sync.project_figures.late_on, counted in SQL by its tested twin. The projects are
those the reader may see (server.services.projects.visible_projects) entered by then.
"""

from decimal import Decimal

from sqlalchemy import select

from server.extensions import db
from server.models import Category, Unit
from server.reports import project_sql
from server.reports.calendar import current_calendar
from server.reports.periods import Period, Window, window
from server.reports.project_terms import definitions
from server.reports.settings import setting
from sync.project_cells import batch_word as batch_name
from sync.project_figures import added_in, rate, value_at
from sync.project_rows import STATUS_LABELS as STATUS_NAMES
from sync.projects import STATUSES
from sync.workdays import overdue_working_days

COUNTS = ("projects", *STATUSES, "updates", "updated_projects", "late_milestones",
          "late_projects")
MONEY = ("investment_total_wan", "investment_done_wan", "investment_added_wan")


def _upto(row, field: str):
    """The figure of the last update up to the as-of instant: in the month, else before."""
    last = getattr(row, f"last_in_{field}")
    return last if last is not None else getattr(row, f"before_{field}")


def _at_asof(row, field: str, current):
    """A figure (percent or investment) at the as-of instant."""
    return value_at(current, _upto(row, field), getattr(row, f"first_after_{field}_before"))


def project_figures(row, late: int) -> dict:
    """One project's figures at the as-of instant, from its row of project_sql."""
    total = row.investment_total_wan or Decimal(0)
    done = _at_asof(row, "wan", row.investment_done_wan)
    return {"id": row.id, "name": row.name, "batch": row.batch, "category": row.category,
            "unit_id": row.unit_id, "leader": row.leader, "leader_led": bool(row.leader_led),
            "status": row.status, "due": row.due,
            "percent": int(_at_asof(row, "percent", row.percent)),
            "investment_total_wan": total, "investment_done_wan": done,
            "investment_rate": rate(done, total), "updates": row.updates,
            "investment_added_wan": added_in(row.before_wan, row.first_in_wan_before,
                                             row.last_in_wan) or Decimal(0),
            "late_milestones": late}


def empty_row(key, name: str) -> dict:
    """A table row with nothing counted."""
    return {"id": key, "name": name, **{k: 0 for k in COUNTS},
            **{k: Decimal(0) for k in MONEY}}


def add(row: dict, project: dict) -> None:
    """Count one project into a row."""
    row["projects"] += 1
    row[project["status"]] += 1
    for key in MONEY:
        row[key] += project[key]
    row["updates"] += project["updates"]
    row["updated_projects"] += project["updates"] > 0
    row["late_milestones"] += project["late_milestones"]
    row["late_projects"] += project["late_milestones"] > 0


def finish(row: dict) -> dict:
    """The rate of a row, once its projects are counted."""
    row["investment_rate"] = rate(row["investment_done_wan"], row["investment_total_wan"])
    return row


def _grouped(projects: list[dict], key: str, names: dict, order) -> list[dict]:
    """Rows of the projects grouped by `key`, named from `names`, in `order` of the keys."""
    rows: dict = {}
    for p in projects:
        group = p[key]
        if group not in rows:
            rows[group] = empty_row(group, names.get(group, f"#{group}"))
        add(rows[group], p)
    return [finish(rows[k]) for k in sorted(rows, key=order)]


def _units(ids) -> dict:
    """unit id -> (name, sort key: departments before townships, then by id)."""
    if not ids:
        return {}
    found = db.session.execute(select(Unit.id, Unit.name, Unit.kind).where(Unit.id.in_(ids)))
    return {u.id: (u.name, (u.kind == "township", u.id)) for u in found}


def total_row(projects: list[dict], name: str) -> dict:
    """All the given projects counted into one row."""
    row = empty_row(None, name)
    for p in projects:
        add(row, p)
    return finish(row)


def _line(p: dict, units: dict, categories: dict) -> dict:
    """A project as the lists show it, with its names."""
    return {**p, "batch_name": batch_name(p["batch"]),
            "unit_name": units.get(p["unit_id"], ("",))[0],
            "category_name": categories.get(p["category"], p["category"]),
            "status_name": STATUS_NAMES.get(p["status"], p["status"])}


def _late_lines(user, w: Window, by_id: dict, units: dict, limit: int) -> list[dict]:
    """The late milestones (the longest late first) with project, unit and working days."""
    cal = current_calendar()
    out = []
    for m in project_sql.late_milestones(user, w, limit):
        p = by_id[m.project_id]
        out.append({"project_id": p["id"], "project_name": p["name"], "batch": p["batch"],
                    "batch_name": batch_name(p["batch"]), "unit_id": p["unit_id"],
                    "unit_name": units.get(p["unit_id"], ("",))[0],
                    "leader": p["leader"] if p["leader_led"] else None,
                    "milestone": m.name, "due": m.due,
                    "late_days": overdue_working_days(m.due, w.asof, cal)})
    return out


def figures(user, w: Window) -> list[dict]:
    """Every project in scope at the as-of instant, with its figures."""
    late = project_sql.late_counts(user, w)
    return [project_figures(r, late.get(r.id, 0)) for r in project_sql.project_rows(user, w)]


def projects_report(user, period: Period) -> dict:
    """The 月度进展 of a month as plain data."""
    w = window(period)
    projects = figures(user, w)
    units = _units({p["unit_id"] for p in projects})
    categories = dict(db.session.execute(select(Category.code, Category.name)).all())
    limit = setting("REPORT_LIST_LIMIT")
    leading = [_line(p, units, categories) for p in projects if p["leader_led"]]
    leading.sort(key=lambda p: (p["batch"], p["id"]))
    totals = total_row(projects, "合计")
    unit_names = {k: v[0] for k, v in units.items()}
    return {
        "kind": "projects", "period": period.key, "title": period.title,
        "heading": f"{period.title}民生实事项目进展情况", "span": period.span,
        "start": period.start, "end": period.end, "asof": w.asof, "complete": w.complete,
        "statuses": [{"code": s, "name": STATUS_NAMES[s]} for s in STATUSES],
        "totals": totals,
        "units": _grouped(projects, "unit_id", unit_names,
                          lambda k: units.get(k, ("", (True, k)))[1]),
        "batches": _grouped(projects, "batch", {b: batch_name(b) for b in
                                                {p["batch"] for p in projects}}, lambda k: k),
        "leader_totals": total_row([p for p in projects if p["leader_led"]], "领导领办项目"),
        "leader_projects": leading[:limit],
        "late": _late_lines(user, w, {p["id"]: p for p in projects}, units, limit),
        "late_total": totals["late_milestones"], "list_limit": limit,
        "definitions": definitions(),
    }
