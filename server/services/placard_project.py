"""民生实事项目公示牌 (issue 17): the A4 sign for a project's site, as a printable page and as
PDF ("在建设项目处设立公示标牌，接受社会监督").

It prints what the public page shows of the project (sync.project_publication): name,
number and batch, aspect, place as township · area, the responsible unit, the leader of
a leader-led project, investment total and done (万元), planned start and completion, the
percent complete on the day it is printed, the milestones planned backwards (倒排工期),
the supervision phone and a QR code of the project's public page. The sheet, its fitting
and its printing are the item placard's (server/services/placard_print.py).
"""

from decimal import Decimal

from flask import Response

from server.errors import ApiError
from server.extensions import db
from server.models import Area, Category, Project, Unit, User
from server.reports.output import cn_date
from server.services import placard_print as sheet
from server.services.placard_print import NOT_GIVEN, clip, fit
from server.services.projects import load_project
from sync.project_cells import batch_word
from sync.project_publication import is_public, shown_leader
from sync.project_rows import STATUS_LABELS

# The name's box: (at most this many characters, at this .fit-* size); a name has at
# most 200 characters (the schema's), so it is never cut.
FIT_NAME = ((26, "l"), (60, "m"), (120, "s"), (200, "xs"))
STEPS_SHOWN = 6   # milestone rows on the sheet; more are counted, and online in full
STEP_NAME_MAX = 24
NOT_PUBLIC = "该项目已设为不公开，不能打印公示牌"


def project_url(project_id: int) -> str | None:
    """The project's public page, or None when the public site's address is not usable."""
    return sheet.page_url("project", project_id)


def wan(value: Decimal | float | int | None) -> str:
    """An amount in 万元 as an office writes it: 17600 万元, 12200.5 万元."""
    amount = Decimal(str(value or 0)).quantize(Decimal("0.01"))
    text = f"{amount:f}"
    return (text.rstrip("0").rstrip(".") if "." in text else text) + " 万元"


def _place(project: Project) -> str:
    """Township · area name (the area alone when it is the township)."""
    names = [a.name for a in (db.session.get(Area, i) for i in (project.township_id,
                                                                project.area_id)
                              if i is not None) if a is not None]
    return clip(" · ".join(dict.fromkeys(names)))


def _name(model, key) -> str | None:
    """The name of a unit or category, if there is one."""
    row = db.session.get(model, key) if key is not None else None
    return row.name if row is not None else None


def _steps(project: Project) -> tuple[list[dict], int]:
    """The milestones the sheet lists (name and planned day) and how many it leaves out."""
    steps = [{"name": clip(m.name, STEP_NAME_MAX), "due": cn_date(m.due)}
             for m in project.milestones]
    if len(steps) <= STEPS_SHOWN:
        return steps, 0
    return steps[:STEPS_SHOWN - 1], len(steps) - STEPS_SHOWN + 1


def ensure_public(project: Project) -> None:
    """Refuse a project the public may not see (409 not_public)."""
    if not is_public(project.public, project.status):
        raise ApiError("not_public", {"project_id": project.id, "reason": "hidden"},
                       message=NOT_PUBLIC)


def placard(user: User, project_id: int) -> dict:
    """What the placard of a public project prints (404 out of scope, 409 not public)."""
    project = load_project(user, project_id)
    ensure_public(project)
    steps, more = _steps(project)
    leader = shown_leader(project.leader_led, project.leader)
    return {"id": project.id, **sheet.band(project_url(project.id)),
            "name": fit(project.name, FIT_NAME), "batch_name": batch_word(project.batch),
            "category_name": clip(_name(Category, project.category) or project.category, 24),
            "status_name": STATUS_LABELS.get(project.status, project.status),
            "place": _place(project), "unit_name": clip(_name(Unit, project.unit_id)),
            "leader": clip(leader, 40) if leader else None,
            "total": wan(project.investment_total_wan),
            "done": wan(project.investment_done_wan),
            "start": cn_date(project.start) or NOT_GIVEN, "due": cn_date(project.due),
            "percent": max(0, min(100, project.percent or 0)), "steps": steps,
            "steps_more": more}


def respond(data: dict, fmt: str) -> Response:
    """The placard as the page (with its CSP) or as an inline PDF; never cached."""
    html = sheet.page("placard_project.html", data)
    return sheet.respond(html, fmt, f"project-placard-{data['id']}")
