"""A cadre's 丈量 duty for /me: today, the next duty day, their own record this month and
each of their areas under the rotation rule (循环丈量). The field app shows it offline.

The rule is sync.duty's, with the deployment's settings (duty_settings.duty_rule) and the
official calendar. A day or an area counts once however many check-ins it has; only
check-ins that count as out (own area, inside the radius widened by the fix) count.
"""

from datetime import date

from sqlalchemy import case, func, select

from server.extensions import db
from server.models import Area, Assignment, Visit
from server.reports.calendar import current_calendar
from server.services.clock import local_today
from server.services.duty_settings import duty_rule
from sync import duty as rule_of


def _assigned_areas(user_id: int) -> list[int]:
    """The ids of the active areas assigned to the cadre, in order."""
    return list(db.session.execute(
        select(Area.id).join(Assignment, Assignment.area_id == Area.id)
        .where(Assignment.user_id == user_id, Area.active.is_(True))
        .order_by(Area.id)).scalars())


def _month(user_id: int, areas: list[int], today: date, rule, cal) -> dict:
    """The cadre's record from the first of this month to today."""
    first = today.replace(day=1)
    days = rule_of.duty_days(first, today, rule, cal)
    rows = db.session.execute(
        select(Visit.day, Visit.area_id).where(
            Visit.user_id == user_id, Visit.counts.is_(True),
            Visit.day >= first, Visit.day <= today).distinct()).all()
    out_days = {day for day, _ in rows}
    covered = {area_id for _, area_id in rows} & set(areas)
    return {"month": f"{today:%Y-%m}", "duty_days": days, "days_expected": len(days),
            "days_out": len(out_days & set(days)), "areas_assigned": len(areas),
            "areas_covered": len(covered)}


def _last_visits(user_id: int, areas: list[int], today: date) -> dict[int, tuple]:
    """area id -> (latest counting day by anyone assigned, latest by this cadre)."""
    if not areas:
        return {}
    mine = func.max(case((Visit.user_id == user_id, Visit.day)))
    rows = db.session.execute(
        select(Visit.area_id, func.max(Visit.day), mine)
        .where(Visit.area_id.in_(areas), Visit.counts.is_(True), Visit.day <= today)
        .group_by(Visit.area_id)).all()
    return {area_id: (last, my_last) for area_id, last, my_last in rows}


def _area_rows(user_id: int, areas: list[int], today: date, rule) -> list[dict]:
    """Each assigned area with its last visits, weeks since and whether it is due."""
    last = _last_visits(user_id, areas, today)
    rows = []
    for area_id in areas:
        visit, mine = last.get(area_id, (None, None))
        rows.append({"area_id": area_id, "last_visit": visit, "my_last_visit": mine,
                     "weeks_since_visit": rule_of.weeks_since(visit, today),
                     "due": rule_of.rotation_due(visit, today, rule)})
    return rows


def duty_of(user) -> dict | None:
    """The duty section of /me for a cadre; None for a user without the cadre role."""
    if "cadre" not in set(user.roles or ()):
        return None
    rule, cal, today = duty_rule(), current_calendar(), local_today()
    areas = _assigned_areas(user.id)
    return {"today": today, "is_duty_day": rule_of.is_duty_day(today, rule, cal),
            "in_duty_week": rule_of.in_duty_week(today, rule, cal),
            "next_duty_day": rule_of.next_duty_day(today, rule, cal),
            "rotation_weeks": rule.rotation_weeks,
            "month": _month(user.id, areas, today, rule, cal),
            "areas": _area_rows(user.id, areas, today, rule)}

