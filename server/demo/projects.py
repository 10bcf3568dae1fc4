"""The demo's 民生实事 projects (server/demo/project_data.py), made through the services
with the clock shifted, like the rest of the demo: each created by the office before its
start, milestones planned backwards (some late), months of progress from the unit's
handler (the office where the unit has none) with a few photos, status edits to
completed and in use, one closed by an on-site verification and one sent back by the
residents' 不满意, and one item in long-term rectification escalated into a project.

The background text's dates are moved to the demo's present keeping their distances
(`_Demo.day`); milestone dates fall on working days of the official calendar.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import select

from server.clock import shifted, utcnow
from server.demo.project_data import AS_OF, ESCALATED, SPECS, Spec
from server.extensions import db
from server.models import Area, Item, Unit, User
from server.reports.calendar import current_calendar
from server.services import escalation, project_verify, projects, projects_progress
from server.services.clock import local_today
from sync import projects as rules

RESIDENT = "社区居民代表"


def _at(day: date, hour: int):
    """Shift the clock to local `day` at `hour`."""
    tz = ZoneInfo(current_app.config["TIMEZONE"])
    when = datetime.combine(day, time(hour), tz).astimezone(ZoneInfo("UTC")).replace(tzinfo=None)
    return shifted(when - utcnow())


def _wan(value) -> Decimal:
    """An amount in 万元 as the services take it."""
    return Decimal(str(value)).quantize(Decimal("0.01"))


class _Demo:
    """What building the projects needs: today, the calendar, people, units and areas."""

    def __init__(self, who: dict, photo):
        self.today = local_today()
        self.cal = current_calendar()
        self.office, self.supervisor = who["office"], who["supervisor"][0]
        self.handlers = {u.unit_id: u for u in reversed(who["handler"])}
        self.units = {u.name: u.id for u in db.session.execute(select(Unit)).scalars()}
        self.areas = {a.name: a for a in db.session.execute(select(Area)).scalars()}
        self.photo = photo

    def day(self, real: date) -> date:
        """A date of the background text moved into the demo's present."""
        return self.today + (real - AS_OF)

    def workday(self, real: date) -> date:
        """The moved date, or the working day before it when it is a day off."""
        return rules.working_days_before(self.day(real), 0, self.cal)

    def poster(self, unit_id: int) -> User:
        """Who reports a unit's progress: its handler, else the office."""
        return self.handlers.get(unit_id, self.office)


def _milestones(demo: _Demo, spec: Spec, start: date, due: date) -> list[dict]:
    """The spec's own steps, or the template planned back from due, done as the spec says."""
    if spec.steps:
        return [{"name": name, "due": demo.workday(planned),
                 "done_on": demo.day(done) if done else None}
                for name, planned, done in spec.steps]
    cutoff = demo.day(spec.completed or AS_OF)
    plan = rules.plan_milestones(due, demo.cal, start)
    if spec.completed:
        return [{**m, "done_on": min(m["due"], cutoff)} for m in plan]
    return [{**m, "done_on": m["due"] if m["due"] <= cutoff else None} for m in plan]


def _updates(spec: Spec) -> tuple:
    """The spec's progress history: its own, or its texts spread from start to `until`."""
    if spec.updates:
        return spec.updates
    n, first = len(spec.texts), spec.start + timedelta(days=20)
    gap = (spec.until - first) / max(n - 1, 1)
    done = spec.total if spec.done is None else spec.done
    return tuple((first + gap * i, round(spec.percent * (i + 1) / n), done * (i + 1) / n, text,
                  spec.photo_last and i == n - 1) for i, text in enumerate(spec.texts))


def _timeline(spec: Spec) -> list[tuple]:
    """Every dated step of a project's story, in order: progress, status edits, verification."""
    steps = [(u[0], 0, "progress", u) for u in _updates(spec)]
    if spec.completed:
        steps.append((spec.completed, 1, "status", "completed"))
    if spec.in_use:
        steps.append((spec.in_use, 1, "status", "in_use"))
    if spec.verified:
        steps.append((spec.verified[0], 2, "verify", spec.verified))
    return sorted(steps, key=lambda s: (s[0], s[1]))


def _build(demo: _Demo, spec: Spec, n: int) -> None:
    """One project: created a month before its start, then its story day by day."""
    area = demo.areas[spec.place]
    unit_id = demo.units[spec.unit]
    start, due = demo.day(spec.start), demo.day(spec.due)
    lat, lon = area.lat + 0.0007 * (n % 3 - 1), area.lon + 0.0006 * (n % 4 - 1.5)
    with _at(start - timedelta(days=30), 9):
        project = projects.create(demo.office, {
            "name": spec.name, "batch": spec.batch, "category": spec.category,
            "unit_id": unit_id, "leader": spec.leader, "leader_led": spec.leader is not None,
            "investment_total_wan": _wan(spec.total), "start": start, "due": due,
            "lat": lat, "lon": lon, "area_id": area.id,
            "milestones": _milestones(demo, spec, start, due)})
    poster = demo.poster(unit_id)
    for k, (day, _, kind, what) in enumerate(_timeline(spec)):
        with _at(demo.day(day), 10 + k % 6):
            _step(demo, project.id, poster, kind, what, (lat, lon))
    db.session.flush()


def _step(demo: _Demo, project_id: int, poster: User, kind: str, what, at: tuple) -> None:
    """One step of a project's story: a progress update, a status edit or a verification."""
    lat, lon = at
    if kind == "progress":
        _, percent, done, text, photo = what
        projects_progress.post_progress(poster, project_id, {
            "text": text, "percent": percent, "investment_done_wan": _wan(done),
            "photos": [demo.photo(poster.id)] if photo else [], "lat": lat, "lon": lon,
            "accuracy_m": 12.0})
    elif kind == "status":
        projects.update(demo.office, project_id, {"status": what})
    else:
        _, satisfaction, note = what
        project_verify.verify(demo.supervisor, project_id, {
            "decision": "accept", "satisfaction": satisfaction, "lat": lat, "lon": lon,
            "accuracy_m": 6.0, "photos": [demo.photo(demo.supervisor.id)], "note": note,
            "resident_name": RESIDENT})


def _escalate(demo: _Demo) -> None:
    """难点问题纳入民生实事台账: the first item in long-term rectification becomes a project."""
    item = db.session.execute(select(Item).where(Item.status == "long_term")
                              .order_by(Item.id)).scalars().first()
    if item is None:
        return
    area = db.session.get(Area, item.area_id)
    on = demo.today - timedelta(days=ESCALATED["days_ago"])
    name = f"{area.name}{ESCALATED['suffix'].get(item.category, ESCALATED['suffix']['other'])}"
    with _at(on, 11):
        project = escalation.escalate(demo.office, item.id, {
            "name": name, "batch": ESCALATED["batch"], "start": on,
            "investment_total_wan": _wan(ESCALATED["total"]),
            "due": on + timedelta(days=ESCALATED["due_in"])})
    poster = demo.poster(project.unit_id)
    for k, (back, percent, done, text) in enumerate(ESCALATED["updates"]):
        with _at(demo.today - timedelta(days=back), 15):
            projects_progress.post_progress(poster, project.id, {
                "text": text, "percent": percent, "investment_done_wan": _wan(done),
                "photos": [demo.photo(poster.id)] if k else [], "lat": item.lat, "lon": item.lon,
                "accuracy_m": 10.0})
    upto = demo.today - timedelta(days=2)
    projects.update(demo.office, project.id, {"milestones": [
        {"name": m.name, "due": m.due, "done_on": m.due if m.due <= upto else None}
        for m in project.milestones]})
    db.session.flush()


def run(who: dict, photo) -> None:
    """Build the demo's projects; `photo(uploader_id)` stores a new photo, returns its hash."""
    demo = _Demo(who, photo)
    for n, spec in enumerate(SPECS):
        _build(demo, spec, n)
    _escalate(demo)
