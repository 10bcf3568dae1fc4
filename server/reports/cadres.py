"""评价考核 (#15): each cadre's 丈量 and reporting in a month, two months (双月评议), a
quarter, a half year or a year, scored on a published formula and ranked.

Attendance and coverage are the 丈量 report's, counted by its own queries
(server/reports/duty.py: the same cadres, the same duty days up to the as-of day, the
same counting check-ins), so the two reports can never disagree. Reports are those
captured in the period; one is accepted when its item is not rejected (a merged report
sits on the surviving item, so it counts by that item); items closed are the distinct
items holding one of the cadre's reports closed in the period.
Score (0–100) = 到岗率×50 + 覆盖率×30 + 上报采纳率×20 (cadre_terms.py), each rate rounded
to four places and each part to two, so a reader can recompute the page; a rate over
nothing is None (—) and its part scores 0. Townships and units pool their cadres' counts
and are scored by the same formula; those with fewer cadres than the ranking's minimum
sample (REPORT_MIN_SAMPLE) are 样本不足 and not ranked.
"""

from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import distinct, func, select

from server.extensions import db
from server.models import Item, Report, Unit, User
from server.reports import duty, sql
from server.reports.cadre_terms import FORMULA, WEIGHTS, definitions, rules
from server.reports.calendar import current_calendar
from server.reports.periods import Period, Window, window
from server.reports.settings import setting
from server.services.duty_settings import duty_rule
from sync.duty import duty_days

PERIOD_KINDS = ("month", "bimonth", "quarter", "half", "year")
COUNTS = ("days_expected", "days_out", "areas_assigned", "areas_covered", "checkins",
          "outside_checkins", "reports", "reports_accepted", "reports_rejected",
          "reports_pending", "items_closed")
# rate -> (numerator, denominator)
RATES = {"attendance_rate": ("days_out", "days_expected"),
         "coverage_rate": ("areas_covered", "areas_assigned"),
         "acceptance_rate": ("reports_accepted", "reports")}
TIE_ORDER = tuple(rate for rate, _, _ in WEIGHTS)
NO_TOWNSHIP, NO_UNIT = "未确定乡镇（街道）", "未填写单位"
_Q4, _Q2 = Decimal("0.0001"), Decimal("0.01")


def _rate(part: int, whole: int) -> Decimal | None:
    """part/whole to four places; None when nothing was counted (shown as —)."""
    return (Decimal(part) / Decimal(whole)).quantize(_Q4, ROUND_HALF_UP) if whole else None


def _scored(rate: Decimal | None) -> Decimal:
    """What a rate counts for in the score and the tie-breaks: 0 when undefined."""
    return Decimal(0) if rate is None else rate


def score_row(row: dict) -> dict:
    """Add the rates, the points of each part and the score to a row of counts."""
    for rate, (part, whole) in RATES.items():
        row[rate] = _rate(row[part], row[whole])
    row["points"] = {rate: (_scored(row[rate]) * weight).quantize(_Q2, ROUND_HALF_UP)
                     for rate, weight, _ in WEIGHTS}
    row["score"] = sum(row["points"].values(), Decimal(0))
    return row


def _key(row: dict) -> tuple:
    """Sort key: the higher score first, then the higher rates in TIE_ORDER."""
    return (-row["score"], *(-_scored(row[rate]) for rate in TIE_ORDER))


def rank_rows(rows: list[dict]) -> list[dict]:
    """Sort rows by score and give places; rows equal on the score and every tie-break
    share a place (并列)."""
    rows.sort(key=lambda r: (_key(r), r["name"], r.get("user_id") or r.get("id") or 0))
    for i, row in enumerate(rows):
        same = i and _key(rows[i - 1]) == _key(row)
        row["rank"] = rows[i - 1]["rank"] if same else i + 1
    return rows


def _reports(w: Window) -> dict:
    """user id -> (reports, rejected, pending) of the reports captured in the period."""
    stmt = (select(Report.reporter_id, func.count(),
                   sql.count_if(Item.status == "rejected"), sql.count_if(Item.status == "new"))
            .join(Item, Item.id == Report.item_id)
            .where(sql.during(Report.captured_at, w)).group_by(Report.reporter_id))
    return {user: (n, rejected, pending)
            for user, n, rejected, pending in db.session.execute(stmt)}


def _closed(w: Window) -> dict:
    """user id -> items holding one of their reports (of any time) closed in the period."""
    stmt = (select(Report.reporter_id, func.count(distinct(Item.id)))
            .join(Item, Item.id == Report.item_id).where(sql.closed_during(w))
            .group_by(Report.reporter_id))
    return dict(db.session.execute(stmt).all())


def _units() -> dict:
    """user id -> (unit id, unit name), for the users with a unit."""
    stmt = select(User.id, Unit.id, Unit.name).join(Unit, Unit.id == User.unit_id)
    return {user: (unit, name) for user, unit, name in db.session.execute(stmt)}


def cadre_rows(w: Window, days: list, town: int | None) -> list[dict]:
    """One scored row per cadre the 丈量 report expects on the duty days."""
    visits = duty._period_visits(w, days, town, per_day=False)
    reports, closed, units = _reports(w), _closed(w), _units()
    cadres = duty._cadres(town)
    names = duty._names(c.town for c in cadres)
    rows = []
    for c in cadres:
        n, rejected, pending = reports.get(c.id, (0, 0, 0))
        unit_id, unit = units.get(c.id, (None, None))
        rows.append(score_row({
            "user_id": c.id, "name": c.name, "township_id": c.town,
            "township": names.get(c.town), "unit_id": unit_id, "unit": unit,
            "days_expected": len(days), "days_out": visits.days_out[c.id],
            "areas_assigned": c.n, "areas_covered": visits.covered[c.id],
            "checkins": visits.checkins[c.id], "outside_checkins": visits.outside[c.id],
            "reports": n, "reports_accepted": n - rejected, "reports_rejected": rejected,
            "reports_pending": pending, "items_closed": closed.get(c.id, 0)}))
    return rank_rows(rows)


def pool(cadres: list[dict], key, name: str) -> dict:
    """The cadres' counts summed into one scored row."""
    row = {"id": key, "name": name, "cadres": len(cadres), "rank": None, "note": "",
           **{k: sum(c[k] for c in cadres) for k in COUNTS}}
    return score_row(row)


def group_rows(cadres: list[dict], id_key: str, name_key: str, none_label: str,
               min_sample: int) -> list[dict]:
    """Cadres pooled per township or unit: the ranked first, then those not ranked (样本不足,
    or the cadres without a township or unit)."""
    members: dict = {}
    for c in cadres:
        members.setdefault(c[id_key], []).append(c)
    rows = [pool(group, key, group[0][name_key] or none_label)
            for key, group in members.items()]
    ranked = rank_rows([r for r in rows if r["id"] is not None and r["cadres"] >= min_sample])
    rest = sorted((r for r in rows if r["rank"] is None), key=lambda r: (r["id"] is None,
                                                                         r["name"]))
    for row in rest:
        row["score"] = None
        row["note"] = (f"{none_label}的干部，不参加排名" if row["id"] is None else
                       f"样本不足：干部 {row['cadres']} 人，少于 {min_sample} 人，不参加排名")
    return ranked + rest


def cadres_report(user, period: Period) -> dict:
    """评价考核 of a month, two months, quarter, half year or year as plain data."""
    w = window(period)
    days = duty_days(period.start, w.asof, duty_rule(), current_calendar())
    min_sample = setting("REPORT_MIN_SAMPLE")
    cadres = cadre_rows(w, days, user.township_id)
    return {
        "kind": "cadres", "period": period.key, "title": period.title,
        "heading": f"{period.title}干部“用脚步丈量”评价考核情况", "span": period.span,
        "start": period.start, "end": period.end, "asof": w.asof, "complete": w.complete,
        "formula": FORMULA, "rules": rules(min_sample), "min_sample": min_sample,
        "definitions": definitions(min_sample),
        "weights": [{"rate": k, "weight": wt, "name": n} for k, wt, n in WEIGHTS],
        "duty_days": days, "totals": pool(cadres, None, "合计"), "cadres": cadres,
        "townships": group_rows(cadres, "township_id", "township", NO_TOWNSHIP, min_sample),
        "units": group_rows(cadres, "unit_id", "unit", NO_UNIT, min_sample),
    }
