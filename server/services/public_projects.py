"""民生实事 projects in public (晒账单, issue 17): what residents may see of the 台账.

The rule of what is public is sync.project_publication; `public_clause` is its SQL twin.
A row gives the figures the office publishes (investment, percent, milestones with their
lateness), the unit, the leader only of a leader-led project, the place as township ·
area (never finer than 0.01°), dates as local days, and the latest progress photos
(served as re-encoded derivatives). A project's page adds its progress history, each text
through sync.redact — never a handler's words as typed, never anybody's name.
"""


from sqlalchemy import String, and_, cast, func, select

from server.errors import ApiError
from server.extensions import db
from server.models import (
    Area,
    Category,
    Feedback,
    Item,
    Milestone,
    Project,
    ProjectProgress,
    Unit,
)
from server.services import public, publication
from server.services.clock import local_date, local_today
from server.services.photo_access import in_project_records
from sync import project_publication as rule
from sync.hostile import INT32_MAX
from sync.project_cells import batch_word
from sync.projects import is_late
from sync.publication import RATINGS
from sync.redact import redact

_NO_PHOTOS = "[]"  # how an update without photos stores its list (JSON)


def public_clause():
    """SQL: the project is public (the twin of sync.project_publication.is_public)."""
    return and_(Project.public.is_(True), Project.status.in_(rule.PUBLIC_PROJECT_STATES))


def feedback_counts(ids: list[int]) -> dict[int, dict[str, int]]:
    """project id -> {rating: count} of 群众评议."""
    out = {i: dict.fromkeys(RATINGS, 0) for i in ids}
    if ids:
        rows = db.session.execute(
            select(Feedback.project_id, Feedback.rating, func.count())
            .where(Feedback.target == "project", Feedback.project_id.in_(ids))
            .group_by(Feedback.project_id, Feedback.rating))
        for project_id, rating, n in rows:
            out[project_id][rating] = n
    return out


def _milestones(ids: list[int], today) -> dict[int, list[dict]]:
    """project id -> its milestones in order, lateness judged on the local today."""
    out: dict[int, list[dict]] = {i: [] for i in ids}
    if ids:
        rows = db.session.execute(select(Milestone).where(Milestone.project_id.in_(ids))
                                  .order_by(Milestone.project_id, Milestone.position,
                                            Milestone.id)).scalars()
        for m in rows:
            out[m.project_id].append({"name": m.name, "due": m.due, "done_on": m.done_on,
                                      "late": is_late(m.due, m.done_on, today)})
    return out


def _latest_photos(ids: list[int]) -> dict[int, list[str]]:
    """project id -> the photos of its latest updates that have some (newest first)."""
    if not ids:
        return {}
    rank = func.row_number().over(partition_by=ProjectProgress.project_id,
                                  order_by=ProjectProgress.id.desc()).label("rank")
    sub = select(ProjectProgress.id, ProjectProgress.project_id, ProjectProgress.photos,
                 rank).where(ProjectProgress.project_id.in_(ids),
                             cast(ProjectProgress.photos, String) != _NO_PHOTOS).subquery()
    rows = db.session.execute(select(sub.c.project_id, sub.c.photos)
                              .where(sub.c.rank <= rule.LIST_PHOTOS)
                              .order_by(sub.c.project_id, sub.c.id.desc()))
    updates: dict[int, list[list[str]]] = {}
    for project_id, photos in rows:
        updates.setdefault(project_id, []).append(photos or [])
    return {pid: rule.latest_photos(u, rule.LIST_PHOTOS) for pid, u in updates.items()}


def _last_updates(ids: list[int]) -> dict[int, object]:
    """project id -> the local day of its latest progress update."""
    if not ids:
        return {}
    rows = db.session.execute(select(ProjectProgress.project_id, func.max(ProjectProgress.at))
                              .where(ProjectProgress.project_id.in_(ids))
                              .group_by(ProjectProgress.project_id))
    return {pid: local_date(at) for pid, at in rows}


def _names(model, key, keys) -> dict:
    """key -> name of the given areas, units or categories."""
    keys = {k for k in keys if k is not None}
    if not keys:
        return {}
    return dict(db.session.execute(select(key, model.name).where(key.in_(keys))).all())


def _place(town: str | None, area: str | None) -> str | None:
    """新郑市新建路街道 · 东街社区 (or whichever of the two is known)."""
    return " · ".join(dict.fromkeys(p for p in (town, area) if p)) or None


def _row(p: Project, ctx: dict) -> dict:
    """One project as the public sees it."""
    total, done = float(p.investment_total_wan or 0), float(p.investment_done_wan or 0)
    town, area = ctx["areas"].get(p.township_id), ctx["areas"].get(p.area_id)
    milestones = ctx["milestones"].get(p.id, [])
    late = sum(1 for m in milestones if m["late"])
    return {"id": p.id, "name": p.name, "batch": p.batch, "batch_name": batch_word(p.batch),
            "category": p.category, "category_name": ctx["cats"].get(p.category),
            "unit": ctx["units"].get(p.unit_id), "leader_led": bool(p.leader_led),
            "leader": rule.shown_leader(p.leader_led, p.leader), "status": p.status,
            "percent": p.percent, "investment_total_wan": total, "investment_done_wan": done,
            "investment_rate": round(done / total, 4) if total else None,
            "start": p.start, "due": p.due, "township_id": p.township_id, "township": town,
            "area": area, "place": _place(town, area),
            "lat": None if p.lat is None else round(p.lat, 2),
            "lon": None if p.lon is None else round(p.lon, 2),
            "late": late > 0, "late_milestones": late, "milestones": milestones,
            "updated_on": ctx["updated"].get(p.id), "photos": ctx["photos"].get(p.id, []),
            "feedback": ctx["feedback"][p.id]}


def _rows(projects: list[Project]) -> list[dict]:
    """Projects as the public sees them, with what each row needs fetched once."""
    ids = [p.id for p in projects]
    areas = {a for p in projects for a in (p.township_id, p.area_id)}
    ctx = {"areas": _names(Area, Area.id, areas),
           "units": _names(Unit, Unit.id, {p.unit_id for p in projects}),
           "cats": _names(Category, Category.code, {p.category for p in projects}),
           "milestones": _milestones(ids, local_today()), "photos": _latest_photos(ids),
           "updated": _last_updates(ids), "feedback": feedback_counts(ids)}
    return [_row(p, ctx) for p in projects]


def _conditions(f: dict) -> list:
    """The list's filters over the public projects."""
    conds = [public_clause()]
    if f.get("status"):
        conds.append(Project.status.in_(f["status"]))
    if f.get("category"):
        conds.append(Project.category == f["category"])
    if f.get("township_id"):
        conds.append(Project.township_id == f["township_id"])
    return conds


def _counts(column) -> dict:
    """Public projects counted by one column."""
    return dict(db.session.execute(select(column, func.count()).where(public_clause())
                                   .group_by(column)).all())


def _choices() -> dict:
    """What the filters offer, with how many public projects each holds."""
    by_town, by_cat = _counts(Project.township_id), _counts(Project.category)
    towns = _names(Area, Area.id, by_town)
    cats = _names(Category, Category.code, by_cat)
    return {"by_status": _counts(Project.status), "by_category": by_cat,
            "townships": [{"id": t, "name": towns.get(t), "count": n}
                          for t, n in sorted(by_town.items(), key=lambda kv: (-kv[1], kv[0]))
                          if t is not None],
            "categories": [{"code": c, "name": cats.get(c), "count": n}
                           for c, n in sorted(by_cat.items(), key=lambda kv: (-kv[1], kv[0]))]}


def public_projects(f: dict) -> dict:
    """A page of public projects in the 台账's order (batch, then number), with the counts
    the filters offer."""
    conds = _conditions(f)
    total = db.session.execute(select(func.count()).select_from(Project).where(*conds)
                               ).scalar_one()
    found = db.session.execute(
        select(Project).where(*conds).order_by(Project.batch, Project.id)
        .limit(f["per_page"]).offset((f["page"] - 1) * f["per_page"])).scalars().all()
    return {"projects": _rows(list(found)), "total": total, "page": f["page"],
            "per_page": f["per_page"], **_choices()}


def _history(project_id: int) -> tuple[list[dict], int]:
    """The latest progress updates, newest first, texts redacted; and how many there are."""
    updates = db.session.execute(
        select(ProjectProgress).where(ProjectProgress.project_id == project_id)
        .order_by(ProjectProgress.id.desc()).limit(rule.HISTORY_LIMIT)).scalars().all()
    total = db.session.execute(select(func.count()).select_from(ProjectProgress).where(
        ProjectProgress.project_id == project_id)).scalar_one()
    return [{"on": local_date(u.at), "text": redact(u.text).text, "percent": u.percent,
             "investment_done_wan": float(u.investment_done_wan), "photos": u.photos or []}
            for u in updates], total


def _public_item(item_id: int | None) -> int | None:
    """The item a project came from, when the public may see it too."""
    if item_id is None:
        return None
    return db.session.execute(select(Item.id).where(
        Item.id == item_id, publication.public_clause())).scalar()


def public_project(project_id: int) -> dict:
    """One public project with its progress history; 404 for anything not public."""
    project = None
    if 0 < project_id <= INT32_MAX:
        project = db.session.execute(select(Project).where(
            Project.id == project_id, public_clause())).scalar()
    if project is None:
        raise ApiError("not_found", {"project_id": project_id})
    history, count = _history(project.id)
    return {**_rows([project])[0], "progress": history, "progress_count": count,
            "photos": rule.latest_photos((u["photos"] for u in history), rule.PAGE_PHOTOS),
            "item_id": _public_item(project.item_id)}


def ensure_public_photo(sha: str) -> None:
    """Refuse any photo that is neither a before/after photo of a public item (looked up
    first, by index) nor a progress photo of a public project (404)."""
    try:
        public.ensure_public_photo(sha)
    except ApiError:
        if not progress_photo_is_public(sha):
            raise


def progress_photo_is_public(sha: str) -> bool:
    """Whether the photo belongs to a progress update of a public project."""
    return in_project_records(sha, public_clause(), models=(ProjectProgress,))
