"""Six weeks of 丈量 check-ins for the demo, through the real check-in service.

On every duty day of the last six weeks (the deployment's rule and calendar) most cadres
check in at one or two of their areas in turn; one cadre misses every other duty day, a
few fixes land outside the area, a few check-ins are at an area not the cadre's, one
arrives days after its phone time, and a few areas nobody has visited for five weeks. A
cadre who reported a problem in their own area checked in there just before. The clock
is shifted to each arrival, as for the demo's reports; a separate random stream keeps
the ledger's history as it was."""

import math
import random
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import select

from server.clock import shifted
from server.extensions import db
from server.models import Area, Assignment, Report, User
from server.reports.calendar import current_calendar
from server.services import checkins
from server.services.clock import local_today
from server.services.duty_settings import duty_rule
from sync.duty import duty_days

DAYS = 42
STALE_DAYS = 36           # a stale area was last visited this many days ago or more
OFTEN_AWAY = "cadre4"     # the cadre who misses every other duty day
METRES_PER_DEGREE = 111_320.0


def _real_now() -> datetime:
    """The unshifted time now, naive UTC."""
    return datetime.now(UTC).replace(tzinfo=None)


def _utc(day, minutes: int) -> datetime:
    """A local time `minutes` after midnight of `day`, as naive UTC."""
    zone = ZoneInfo(current_app.config["TIMEZONE"])
    local = datetime.combine(day, time.min, zone) + timedelta(minutes=minutes)
    return local.astimezone(UTC).replace(tzinfo=None)


def _position(rng: random.Random, area: Area, metres: float) -> tuple[float, float]:
    """A point `metres` from the area's centre in a random direction."""
    bearing = rng.uniform(0, 2 * math.pi)
    dlat = metres * math.cos(bearing) / METRES_PER_DEGREE
    dlon = metres * math.sin(bearing) / (METRES_PER_DEGREE * math.cos(math.radians(area.lat)))
    return round(area.lat + dlat, 6), round(area.lon + dlon, 6)


def _check_in(rng, user, area, when, outside=False, arrive=None):
    """One check-in with phone time `when`, arriving at `arrive` (default: at once)."""
    metres = area.radius_m + rng.uniform(900, 2500) if outside else \
        rng.uniform(0.05, 0.7) * area.radius_m
    lat, lon = _position(rng, area, metres)
    with shifted((arrive or when) - _real_now()):
        return checkins.check_in(user, {
            "area_id": area.id, "lat": lat, "lon": lon,
            "accuracy_m": round(rng.uniform(5, 35), 1), "client_at": when,
            "note": "现场走访，群众反映情况已记录" if rng.random() < 0.2 else None})


def _own_areas() -> dict[int, list[Area]]:
    """cadre id -> their areas, in order."""
    rows = db.session.execute(select(Assignment.user_id, Area).join(
        Area, Area.id == Assignment.area_id).order_by(Area.id)).all()
    out: dict[int, list[Area]] = {}
    for user_id, area in rows:
        out.setdefault(user_id, []).append(area)
    return out


def _duty_day(rng, cadre, own, others, day, turn, now) -> int:
    """A cadre's check-ins of one duty day, at their areas in turn; the next turn. Every
    cadre's 6th check-in of the six weeks is outside the area, the 8th at an area not
    theirs, the 3rd reaches the server nine days after it was made."""
    for j in range(1 if rng.random() < 0.6 else 2):
        area, turn = own[turn % len(own)], turn + 1
        if turn % 19 == 8:
            area = rng.choice(others)                       # an area not theirs
        when = _utc(day, 8 * 60 + 30 + rng.randrange(150) + j * 100)
        late = turn % 23 == 3 and when + timedelta(days=9) < now
        if when < now:
            _check_in(rng, cadre, area, when, outside=turn % 17 == 6,
                      arrive=when + timedelta(days=9) if late else None)
    return turn


def _before_reports(rng, cadres, own, stale, first) -> None:
    """A cadre who reported in their own area checked in there ten minutes before."""
    reports = db.session.execute(select(Report).where(
        Report.reporter_id.in_([c.id for c in cadres]), Report.captured_at >= first)
        .order_by(Report.id)).scalars().all()
    by_id = {c.id: c for c in cadres}
    for r in reports:
        area = next((a for a in own.get(r.reporter_id, ()) if a.id == r.area_id), None)
        if area is not None and area.id not in stale:
            _check_in(rng, by_id[r.reporter_id], area, r.captured_at - timedelta(minutes=10))


def run(cadres: list[User]) -> None:
    """Check-ins of the last six weeks for these cadres."""
    rng, now = random.Random(20260501), _real_now()
    rule, cal, today = duty_rule(), current_calendar(), local_today()
    own = _own_areas()
    every = db.session.execute(select(Area).where(Area.kind != "township")
                               .order_by(Area.id)).scalars().all()
    stale = {c.id: own[c.id][-1] for c in cadres[1:] if own.get(c.id)}
    days = duty_days(today - timedelta(days=DAYS - 1), today, rule, cal)
    for cadre in cadres:
        mine = own.get(cadre.id, [])
        live = [a for a in mine if a is not stale.get(cadre.id)]
        others = [a for a in every if a not in mine]
        turn = 0
        for n, day in enumerate(days):
            away = n % 2 == 1 if cadre.username == OFTEN_AWAY else rng.random() < 0.08
            if live and others and not away:
                turn = _duty_day(rng, cadre, live, others, day, turn, now)
        if cadre.id in stale:                               # last seen five weeks ago
            first = next((d for d in days if (today - d).days >= STALE_DAYS),
                         today - timedelta(days=STALE_DAYS + 2))
            _check_in(rng, cadre, stale[cadre.id], _utc(first, 9 * 60 + 40))
    _before_reports(rng, cadres, own, {a.id for a in stale.values()},
                    _utc(today - timedelta(days=DAYS), 0))
    db.session.flush()
