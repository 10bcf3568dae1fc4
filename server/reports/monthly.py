"""月督导: the items a month's supervision must chase, with unit and days overdue.

Six reasons, an item may have several: overdue at the end of the month (or now,
for the month in progress); returned twice or more; led by a leader; carrying
integrity flags; reopened by a failed 周抽查 re-check in the month (反弹); rated 不满意
by residents on the public page in the month after it was closed (回头看). The second to
fourth count items still open at that moment or closed within the month.
"""

from sqlalchemy import and_, case, func, or_, select

from server.extensions import db
from server.models import Event, Feedback, Flag, Item
from server.reports import lists, measures, sql
from server.reports.duty import duty_section
from server.reports.periods import Period, Window, window
from server.reports.settings import setting
from server.services.scope import whole_items

REASONS = {
    "overdue": "逾期未销号",
    "returned": "多次退回",
    "leader_led": "领导领办",
    "flagged": "存疑标记",
    "rebound": "抽查反弹",
    "feedback": "群众评议不满意",
}
FLAG_NAMES = {"photo_gps_far": "照片拍摄位置与上报位置不符",
              "photo_time_far": "照片拍摄时间与上报时间不符",
              "photo_reused": "照片与其他问题重复使用",
              "after_equals_before": "整改后照片与整改前相同",
              "outside_area": "上报位置超出分包区域"}
DEFINITIONS = [
    ("逾期未销号", "统计截止时仍在办且整改时限早于截止日；已提交整改、等待验收的，按提交整改"
                  "之日判断。逾期工作日按法定工作日（含调休上班日）计算，自整改时限次日起算。"),
    ("多次退回", "累计被验收退回（验收不通过或群众不满意）两次及以上，且截止时在办或本月销号。"),
    ("领导领办", "由领导同志领办，且截止时在办或本月销号。"),
    ("存疑标记", "系统对佐证材料提示存疑（照片位置、时间偏离，照片重复使用，整改前后照片相同，"
                "上报位置超出区域等），且截止时在办或本月销号。"),
    ("抽查反弹", "本月周抽查现场复核不合格、由已销号重新交办整改的问题（反弹）。"),
    ("群众评议不满意", "已销号后，本月有群众在公开页面评议“不满意”的问题，列入督导回头看。"),
]


def conditions(w: Window) -> dict:
    """reason -> SQL condition."""
    live = or_(sql.open_at(w), sql.closed_during(w))
    return {
        "overdue": sql.overdue_at(w),
        "returned": and_(live, Item.return_count >= 2),
        "leader_led": and_(live, Item.leader_led.is_(True)),
        "flagged": and_(live, Item.id.in_(select(Flag.item_id))),
        "rebound": Item.id.in_(select(Event.item_id).where(sql.rebounds(w))),
        "feedback": Item.id.in_(select(Feedback.item_id).where(
            Feedback.rating == "unsatisfied", sql.during(Feedback.created_at, w),
            Feedback.item_status == "closed")),
    }


def _flag_kinds(ids: list[int]) -> dict[int, list[str]]:
    """item id -> names of the kinds of flag it carries."""
    if not ids:
        return {}
    rows = db.session.execute(select(Flag.item_id, Flag.kind, func.count())
                              .where(Flag.item_id.in_(ids)).group_by(Flag.item_id, Flag.kind)
                              .order_by(Flag.item_id, Flag.kind))
    out: dict[int, list[str]] = {}
    for item_id, kind, n in rows:
        out.setdefault(item_id, []).append(f"{FLAG_NAMES.get(kind, kind)}×{n}")
    return out


def _lines(scope, w: Window, conds: dict, limit: int) -> list[dict]:
    """The listed items with their reasons and flag kinds."""
    extra = tuple(case((c, True), else_=False).label(f"r_{k}") for k, c in conds.items())
    rows = lists.fetch([scope, or_(*conds.values())], w, limit, extra)
    kinds = _flag_kinds([r["id"] for r in rows])
    for row in rows:
        row["reasons"] = [k for k in conds if row.pop(f"r_{k}")]
        row["reason_names"] = [REASONS[k] for k in row["reasons"]]
        row["flags"] = kinds.get(row["id"], [])
    return rows


def monthly_report(user, period: Period) -> dict:
    """The monthly supervision list as plain data."""
    w = window(period)
    scope = whole_items(user)
    conds = conditions(w)
    counts = measures.item_counts(
        w, scope, {**{k: (lambda w, c=c: c) for k, c in conds.items()},
                   "any": lambda w: or_(*conds.values())},
        (Item.unit_id,), prefilter=or_(*conds.values()))
    names = [*conds, "any"]
    units = [r for r in measures.unit_rows(measures.rollup(counts, position=0), names, "未交办")
             if r["any"]]
    limit = setting("REPORT_LIST_LIMIT")
    items = _lines(scope, w, conds, limit)
    return {
        "kind": "monthly", "period": period.key, "title": period.title,
        "heading": f"{period.title}问题整改督导清单", "span": period.span,
        "start": period.start, "end": period.end, "asof": w.asof, "complete": w.complete,
        "totals": measures.total_row(units, names), "units": units,
        "items": items, "item_total": sum(r["any"] for r in units), "list_limit": limit,
        "reasons": [{"code": k, "name": v} for k, v in REASONS.items()],
        "sections": {k: [i for i in items if k in i["reasons"]] for k in REASONS},
        "definitions": [{"term": t, "text": x} for t, x in DEFINITIONS],
        "duty": duty_section(user, period),
    }
