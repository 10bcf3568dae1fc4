"""周通报: what happened in one ISO week, per responsible unit and per township.

Flows (新增, 交办, 整改完成, 销号, 按期销号, 验收, 退回) count what happened inside the
week; stock (在办, 逾期) is counted at the end of the as-of day, which for the week
in progress is now, so it equals the ledger list's `overdue=true` at the same time.
"""

from sqlalchemy import and_

from server.models import Item
from server.reports import lists, measures, sql
from server.reports.duty import duty_section
from server.reports.labels import percent
from server.reports.periods import Period, Window, window
from server.reports.settings import setting
from server.services.scope import whole_items

ITEM_MEASURES: measures.Measures = {
    "new": lambda w: and_(sql.during(Item.created_at, w),
                          Item.status.not_in(("merged", "rejected"))),
    "assigned": lambda w: sql.during(Item.assigned_at, w),
    "rectified": lambda w: sql.during(Item.rectified_at, w),
    "closed": sql.closed_during,
    "closed_on_time": sql.closed_on_time,
    "open": sql.open_at,
    "overdue": sql.overdue_at,
}
COUNTS = [*ITEM_MEASURES, *measures.EVENT_MEASURES]

DEFINITIONS = [
    ("新增", "本周上报形成的台账条目数（不含合并的重复上报和不予受理的上报）。"),
    ("交办", "本周交办到责任单位的条目数。"),
    ("整改完成", "最近一次整改完成报告在本周提交的条目数。"),
    ("销号", "本周验收通过并销号的条目数。"),
    ("按期销号", "本周销号且销号当日不晚于整改时限的条目数；按期销号率＝按期销号÷销号。"),
    ("在办", "统计截止时尚未销号的条目数（不含不予受理和已合并的）。"),
    ("逾期", "统计截止时仍在办且整改时限早于截止日的条目数；已提交整改、等待验收的，"
             "按提交整改之日判断（按时提交的不算逾期）。逾期工作日按国家法定工作日（含调休"
             "上班日）计算，自整改时限次日起算至截止日（等待验收的算至提交整改之日）。"),
    ("验收、退回", "本周现场验收次数，其中退回整改（验收不通过或群众不满意）的次数。"),
    ("群众满意率", "本周验收中群众评价为“满意”“基本满意”的次数÷验收次数。"),
    ("抽查复核、反弹", "本周对周抽查抽中的已销号问题进行现场复核的次数，其中复核不合格、"
                     "重新交办整改的（反弹）次数。"),
]


def _with_rates(row: dict) -> dict:
    """Add the on-time and satisfaction rates to a row of counts."""
    row["on_time_rate"] = measures.ratio(row["closed_on_time"], row["closed"])
    row["satisfaction_rate"] = measures.ratio(row["verified"] - row["unsatisfied"],
                                              row["verified"])
    return row


def _tables(w: Window, scope, township_id: int | None) -> tuple[list, list, dict]:
    """Per-unit rows, per-township rows and the totals."""
    group = (Item.unit_id, Item.township_id)
    items = measures.item_counts(w, scope, ITEM_MEASURES, group)
    events = measures.event_counts(w, scope, group)
    units = measures.unit_rows(measures.rollup(items, events, position=0), COUNTS, "未交办")
    towns = measures.township_rows(measures.rollup(items, events, position=1), COUNTS,
                                   "未归属乡镇", township_id)
    total = measures.total_row(units, COUNTS)
    return ([_with_rates(r) for r in units], [_with_rates(r) for r in towns],
            _with_rates(total))


def summary(t: dict, w: Window) -> str:
    """The bulletin's opening paragraph, from the totals."""
    asof = f"{w.asof.month}月{w.asof.day}日"
    return (f"本周新增问题{t['new']}个，交办{t['assigned']}个，整改完成{t['rectified']}个，"
            f"销号{t['closed']}个，其中按期销号{t['closed_on_time']}个，按期销号率"
            f"{percent(t['on_time_rate'], 1)}。截至{asof}，在办问题{t['open']}个，其中逾期"
            f"{t['overdue']}个。本周现场验收{t['verified']}次，退回整改{t['returned']}次，"
            f"群众满意率{percent(t['satisfaction_rate'], 1)}。周抽查现场复核{t['rechecked']}件，"
            f"反弹{t['rebounds']}件。")


def weekly_report(user, period: Period) -> dict:
    """The weekly bulletin as plain data."""
    w = window(period)
    scope = whole_items(user)
    units, towns, total = _tables(w, scope, user.township_id)
    limit = setting("REPORT_LIST_LIMIT")
    overdue = lists.fetch([scope, sql.overdue_at(w)], w, limit)
    return {
        "kind": "weekly", "period": period.key, "title": period.title,
        "heading": f"关于{period.title}问题整改情况的通报", "span": period.span,
        "start": period.start, "end": period.end, "asof": w.asof, "complete": w.complete,
        "summary": summary(total, w), "totals": total, "units": units, "townships": towns,
        "overdue_items": overdue, "overdue_total": total["overdue"], "list_limit": limit,
        "definitions": [{"term": t, "text": x} for t, x in DEFINITIONS],
        "duty": duty_section(user, period),
    }
