"""丈量 report: who went out on the duty days of a week or month, and where (#15).

The duty days are those of sync.duty up to the as-of day. A cadre (an active user with
the cadre role and at least one assigned area) is expected on each of them and is out
on a day when at least one of their check-ins of that phone day counts (Visit.counts:
own area, inside the radius widened by the fix). An area (active, with a centre,
assigned to an active user) is covered when a counting check-in happened there in the
period, and is past the rotation (sync.duty.rotation_due) by its last counting
check-in up to the as-of day. Every figure is counted in SQL by a few grouped queries
over the period's days (never a query per cadre or per area); the last visit before the
period is looked up over the recent weeks first, then over all history only for the
areas still without one, so the report stays fast with thousands of cadres and a
million check-ins.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import String, and_, case, cast, func, select

from server.extensions import db
from server.models import Area, Assignment, Report, User, Visit
from server.reports import sql
from server.reports.calendar import current_calendar
from server.reports.measures import ratio
from server.reports.periods import Period, Window, window
from server.reports.settings import setting
from server.services.duty_settings import duty_rule
from sync.duty import duty_days, rotation_due, weeks_since

# Every figure of the report: (field, name, what it is, formula or None for a count).
FIGURES = (
    ("duty_days", "丈量日", "本期截至统计日的丈量日：每周固定丈量日（默认周五）和每月前几个工作日"
     "（丈量周，默认前 5 个），均按国家法定工作日历（含调休上班日，节假日不计）。", None),
    ("cadres_expected", "应到岗干部", "在岗且有分包区域的干部，本期有丈量日的均应到岗。", None),
    ("cadres_out", "到岗干部", "本期至少有一个丈量日到岗的干部人数。", None),
    ("days_out", "到岗天数", "丈量日当天（以手机时间计）在本人分包区域范围内（半径加定位误差）"
     "至少签到一次的天数；同一天多次签到只算一天。", None),
    ("attendance_rate", "到岗率", "干部应到岗的丈量日中实际到岗的比例；本期没有丈量日的显示“—”。",
     "到岗率 = 各干部到岗天数之和 ÷（应到岗干部数 × 丈量日数）"),
    ("areas_total", "分包区域", "在用、有中心位置且已分包到干部的区域数。", None),
    ("areas_covered", "已丈量区域", "本期有分包干部在区域范围内有效签到的区域数。", None),
    ("coverage_rate", "覆盖率", "分包区域中本期已丈量的比例；没有分包区域的显示“—”。",
     "覆盖率 = 已丈量区域数 ÷ 分包区域数"),
    ("outside_checkins", "无效签到", "本期不计到岗的签到次数：超出区域范围的，或不在本人分包"
     "区域的。此类签到照常保存、标记并列示。", None),
    ("overdue_rotation", "超期未丈量", "截至统计日，分包区域最近一次有效签到距今已满循环周期"
     "（默认 4 周）或从未有效签到。",
     "距上次丈量周数 = 统计日与最近一次有效签到日相隔天数 ÷ 7（取整）"),
)
_IS_CADRE = cast(User.roles, String).like('%"cadre"%')
_CHUNK = 500  # area ids per query of the history
_SITE = and_(Area.active.is_(True), Area.lat.is_not(None), Area.lon.is_not(None))


def definitions(rotation_weeks: int) -> list[dict]:
    """统计口径: each figure's field, name, definition and formula."""
    out = [{"key": k, "term": n, "text": t, "formula": f} for k, n, t, f in FIGURES]
    out[-1]["text"] += f"本系统现行循环周期为 {rotation_weeks} 周。"
    return out


def _cadres(town: int | None) -> list:
    """Active cadres with their number of assigned sites and their township."""
    own = (select(Assignment.user_id, func.count(Assignment.area_id).label("n"),
                  func.min(Area.township_id).label("town"))
           .join(Area, Area.id == Assignment.area_id).where(_SITE)
           .group_by(Assignment.user_id).subquery())
    township = func.coalesce(User.township_id, own.c.town)
    stmt = (select(User.id, User.name, township.label("town"), own.c.n)
            .join(own, own.c.user_id == User.id)
            .where(User.active.is_(True), _IS_CADRE))
    if town is not None:
        stmt = stmt.where(township == town)
    return db.session.execute(stmt).all()


def _areas(town: int | None) -> list:
    """The sites under the rotation: active, with a centre, assigned to an active user."""
    assigned = (select(Assignment.area_id).join(User, User.id == Assignment.user_id)
                .where(User.active.is_(True)))
    stmt = select(Area.id, Area.name, Area.township_id).where(_SITE, Area.id.in_(assigned))
    if town is not None:
        stmt = stmt.where(Area.township_id == town)
    return db.session.execute(stmt).all()


@dataclass
class _Visits:
    """The period's check-ins counted per user and per area."""

    checkins: Counter = field(default_factory=Counter)     # user -> check-ins
    outside: Counter = field(default_factory=Counter)      # user -> not counting
    days_out: Counter = field(default_factory=Counter)     # user -> duty days out
    out_on: dict = field(default_factory=dict)             # duty day -> users out
    covered: Counter = field(default_factory=Counter)      # user -> own areas covered
    at_area: Counter = field(default_factory=Counter)      # area -> counting check-ins
    last: dict = field(default_factory=dict)               # area -> last counting day


def _scoped(stmt, town: int | None):
    """A statement over visits restricted to the areas of one township (None: all)."""
    if town is not None:
        stmt = stmt.where(Visit.area_id.in_(select(Area.id).where(Area.township_id == town)))
    return stmt


def _run(stmt, town: int | None) -> list:
    """Rows of a statement over visits, restricted to the areas of one township."""
    return db.session.execute(_scoped(stmt, town)).all()


def _period_visits(w: Window, days: list, town: int | None, per_day: bool = True) -> _Visits:
    """Two grouped queries over the period's check-ins (the (day, user) and (area, day)
    indexes serve the day range): per cadre and area, and per cadre and duty day.
    Without `per_day` (a cadre's record over a year needs no day-by-day table) the days
    out are counted in the database, not returned a row per cadre and day."""
    period = and_(Visit.day >= w.period.start, Visit.day <= w.asof)
    counting = Visit.counts.is_(True)
    v = _Visits()
    _per_area(v, period, counting, town)
    out = and_(counting, Visit.day.in_(days))
    if per_day:
        for user, day in _run(select(Visit.user_id, Visit.day).where(out)
                              .group_by(Visit.user_id, Visit.day), town):
            v.days_out[user] += 1
            v.out_on.setdefault(day, set()).add(user)
    else:  # (user, day) pairs grouped first: a hash aggregate, where count(DISTINCT) sorts
        pairs = _scoped(select(Visit.user_id, Visit.day).where(out)
                        .group_by(Visit.user_id, Visit.day), town).subquery()
        rows = db.session.execute(select(pairs.c.user_id, func.count())
                                  .group_by(pairs.c.user_id))
        v.days_out.update(dict(rows.all()))
    return v


def _per_area(v: _Visits, period, counting, town: int | None) -> None:
    """Check-ins per cadre and area in one pass: all of them, those not counting, those
    counting and the last counting day (an area with none counting is not covered)."""
    stmt = (select(Visit.user_id, Visit.area_id, func.count(), sql.count_if(~counting),
                   sql.count_if(counting), func.max(case((counting, Visit.day))))
            .where(period).group_by(Visit.user_id, Visit.area_id))
    for user, area, n, outside, good, last in _run(stmt, town):
        v.checkins[user] += n
        v.outside[user] += outside
        if good:
            v.covered[user] += 1
            v.at_area[area] += good
            v.last[area] = max(last, v.last.get(area, last))


def _last_before(w: Window, area_ids: list, lookback_weeks: int, town: int | None) -> dict:
    """area -> last counting day before the period, for areas with none in it: first over
    the recent weeks (one range query), then over all history for the areas still
    without one (by area, a few hundred at a time, on the (area, day) index)."""
    if not area_ids:
        return {}
    counting = Visit.counts.is_(True)
    since = w.period.start - timedelta(weeks=lookback_weeks)
    recent = select(Visit.area_id, func.max(Visit.day)).where(
        counting, Visit.day >= since, Visit.day < w.period.start).group_by(Visit.area_id)
    if len(area_ids) <= _CHUNK:
        recent = recent.where(Visit.area_id.in_(area_ids))
    found = dict(_run(recent, town))
    missing = [a for a in area_ids if a not in found]
    for i in range(0, len(missing), _CHUNK):
        found.update(_run(select(Visit.area_id, func.max(Visit.day))
                          .where(counting, Visit.day < since,
                                 Visit.area_id.in_(missing[i:i + _CHUNK]))
                          .group_by(Visit.area_id), town))
    return found


def _reports_by_user(w: Window) -> dict:
    """user id -> reports captured in the period."""
    stmt = (select(Report.reporter_id, func.count())
            .where(sql.during(Report.captured_at, w)).group_by(Report.reporter_id))
    return dict(db.session.execute(stmt).all())


def _names(ids) -> dict:
    """township id -> name."""
    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    return dict(db.session.execute(select(Area.id, Area.name).where(Area.id.in_(ids))).all())


def _cadre_rows(w: Window, days: list, town: int | None, v: _Visits) -> list:
    """One row per cadre."""
    reports = _reports_by_user(w)
    cadres = _cadres(town)
    names = _names(c.town for c in cadres)
    rows = []
    for c in cadres:
        rows.append({"user_id": c.id, "name": c.name, "township": names.get(c.town),
                     "days_expected": len(days), "days_out": v.days_out[c.id],
                     "areas_assigned": c.n, "areas_covered": v.covered[c.id],
                     "checkins": v.checkins[c.id], "outside_checkins": v.outside[c.id],
                     "reports": reports.get(c.id, 0)})
    rows.sort(key=lambda r: (r["township"] or "", r["name"], r["user_id"]))
    return rows


def _area_rows(w: Window, town: int | None, v: _Visits) -> list:
    """One row per site under the rotation."""
    rule = duty_rule()
    areas = _areas(town)
    names = _names(a.township_id for a in areas)
    earlier = _last_before(w, [a.id for a in areas if a.id not in v.last],
                           2 * rule.rotation_weeks, town)
    rows = []
    for a in areas:
        last = v.last.get(a.id) or earlier.get(a.id)
        rows.append({"area_id": a.id, "name": a.name, "township": names.get(a.township_id),
                     "checkins": v.at_area[a.id], "last_visit": last,
                     "weeks_since_visit": weeks_since(last, w.asof),
                     "overdue_rotation": rotation_due(last, w.asof, rule)})
    rows.sort(key=lambda r: (r["township"] or "", r["name"], r["area_id"]))
    return rows


def _totals(cadres: list, areas: list, v: _Visits, days: list) -> dict:
    """The report's totals."""
    expected = len(cadres) if days else 0
    days_out = sum(c["days_out"] for c in cadres)
    covered = sum(1 for a in areas if a["checkins"])
    return {"cadres_expected": expected,
            "cadres_out": sum(1 for c in cadres if c["days_out"]),
            "cadre_days_expected": expected * len(days), "cadre_days_out": days_out,
            "attendance_rate": ratio(days_out, expected * len(days)),
            "areas_total": len(areas), "areas_covered": covered,
            "coverage_rate": ratio(covered, len(areas)),
            "outside_checkins": sum(v.outside.values())}


def _per_day(cadres: list, v: _Visits, days: list) -> list[dict]:
    """Each duty day: the cadres expected and those of them out that day."""
    expected = {c["user_id"] for c in cadres}
    return [{"day": d, "expected": len(expected),
             "out": len(expected & v.out_on.get(d, set()))} for d in days]


def duty_report(user, period: Period) -> dict:
    """The 丈量 report of a week or a month as plain data."""
    w = window(period)
    rule = duty_rule()
    days = duty_days(period.start, w.asof, rule, current_calendar())
    town = user.township_id
    visits = _period_visits(w, days, town)
    cadres = _cadre_rows(w, days, town, visits)
    areas = _area_rows(w, town, visits)
    limit = setting("REPORT_LIST_LIMIT")
    absent = [c for c in cadres if c["days_expected"] and not c["days_out"]]
    overdue = [a for a in areas if a["overdue_rotation"]]
    return {
        "kind": "duty", "period": period.key, "title": period.title,
        "heading": f"{period.title}“用脚步丈量”到岗和覆盖情况", "span": period.span,
        "start": period.start, "end": period.end, "asof": w.asof, "complete": w.complete,
        "duty_days": days, "rotation_weeks": rule.rotation_weeks,
        "totals": _totals(cadres, areas, visits, days), "cadres": cadres, "areas": areas,
        "days": _per_day(cadres, visits, days),
        "absent": absent[:limit], "absent_total": len(absent),
        "overdue_areas": overdue[:limit], "overdue_total": len(overdue), "list_limit": limit,
        "definitions": definitions(rule.rotation_weeks),
    }


SECTION_KEYS = ("duty_days", "rotation_weeks", "totals", "absent", "absent_total",
                "overdue_areas", "overdue_total", "list_limit")


def duty_section(user, period: Period) -> dict:
    """The 丈量 section of the 周通报 and 月督导: totals, cadres absent, areas overdue."""
    report = duty_report(user, period)
    return {k: report[k] for k in SECTION_KEYS}
