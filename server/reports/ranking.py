"""季排名: responsible units ranked on a published formula, with every number behind it.

Score (0–100) = 销号率×40 + 按期销号率×30 + 群众满意率×20 + (1−退回率)×10 − 反弹扣分
− 项目扣分, each rate rounded to four places (two of a percentage) and each product to
two, so a reader can recompute the page by hand. 反弹扣分 is 5 points for each closed item
that the 周抽查 re-check found not fixed and reopened in the quarter, at most 20; 项目扣分
is 2 points for each milestone of the unit's 民生实事 projects late (节点滞后) on the as-of
day, at most 10 (issue 17: the same rule as the 月度进展 report's); the score is never
below 0. A rate over nothing (no items, no closures,
no verifications) is None, shown as —, and its part scores 0. Units carrying fewer
items than the minimum sample are listed as 样本不足, not ranked: a rate over three
items says little. Every figure is named and defined in `FIGURES`, which the JSON
carries as `definitions` (统计口径).
Equal scores are ordered by closure rate, then on-time rate, then satisfaction, then
the lower return rate, fewer rebounds and fewer late milestones; units equal on all of
these share a place (并列).
"""

from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import and_

from server.models import Item
from server.reports import measures, project_sql, sql
from server.reports.periods import Period, Window, window
from server.reports.settings import setting
from server.services.scope import whole_items

# (rate, weight, name on the page)
WEIGHTS = (("closure_rate", 40, "销号率"), ("on_time_rate", 30, "按期销号率"),
           ("satisfaction_rate", 20, "群众满意率"), ("kept_rate", 10, "未退回率（1−退回率）"))
TIE_ORDER = (("closure_rate", "销号率", True), ("on_time_rate", "按期销号率", True),
             ("satisfaction_rate", "群众满意率", True), ("return_rate", "退回率", False),
             ("rebounds", "反弹数", False), ("late_milestones", "滞后节点数", False))
REBOUND_POINTS, REBOUND_CAP = 5, 20
LATE_POINTS, LATE_CAP = 2, 10
FORMULA = ("综合得分 = 销号率×40 + 按期销号率×30 + 群众满意率×20 + (1 − 退回率)×10 − 反弹扣分"
           f"（每反弹 1 件扣 {REBOUND_POINTS} 分，最多扣 {REBOUND_CAP} 分）− 项目扣分（民生实事"
           f"项目每滞后 1 个节点扣 {LATE_POINTS} 分，最多扣 {LATE_CAP} 分），最低 0 分")
RULES = [
    "交办数：本季度内曾由该单位承办的条目数（季度开始前已交办但未销号的，以及本季度截止前交办的）。",
    "销号率 = 本季度销号数 ÷ 交办数。",
    "按期销号率 = 本季度按期销号数 ÷ 本季度销号数（销号当日不晚于整改时限为按期）；"
    "无销号的，该项计 0 分。",
    "群众满意率 = 本季度验收中“满意”“基本满意”次数 ÷ 验收次数；退回率 = 退回次数 ÷ 验收次数；"
    "未退回率 = 1 − 退回率。本季度无验收的，满意率与未退回率两项均计 0 分。",
    "反弹数 = 本季度周抽查现场复核不合格、已销号问题重新交办整改的件数；反弹扣分 = 反弹数 × "
    f"{REBOUND_POINTS}，最多 {REBOUND_CAP} 分。",
    "滞后节点数 = 该单位负责的民生实事项目中，计划日期早于统计日、到统计日仍未完成的节点数"
    f"（节点滞后，与民生实事月度进展的口径相同）；项目扣分 = 滞后节点数 × {LATE_POINTS}，最多 "
    f"{LATE_CAP} 分。扣分后低于 0 分的按 0 分计。",
    "分母为 0 的比率（如没有交办、没有销号或没有验收）无从计算，显示为“—”。",
    "各比率保留四位小数（百分数两位），各项得分保留两位小数，综合得分为各项得分之和。",
    "得分相同时，依次比较销号率、按期销号率、群众满意率（高者在前）和退回率、反弹数、滞后节点数"
    "（低者在前）；"
    "以上均相同的并列同一名次。",
]
_Q4, _Q2 = Decimal("0.0001"), Decimal("0.01")
_UNDEFINED = "分母为 0 时无从计算，显示为“—”，该项计 0 分。"

# Every figure of the ranking, in the order of the table: (field, name, what it is, formula).
FIGURES = (
    ("carried", "交办数", "本季度内由该单位承办的条目数：季度开始时仍在整改的，加上截至统计日"
     "新交办的（不含不予受理和已合并的）。", None),
    ("closed", "销号数", "本季度内现场验收通过并销号的条目数。", None),
    ("closed_on_time", "按期销号数", "本季度销号、且销号当日不晚于整改时限的条目数。", None),
    ("overdue", "逾期数", "统计截止时仍未销号、且整改时限早于截止日的条目数（等待验收的按提交"
                          "整改之日判断）；只列示，不计分。",
     None),
    ("verified", "验收次数", "本季度现场验收的次数，同一条目验收几次就计几次。", None),
    ("unsatisfied", "不满意次数", "本季度验收中群众评价为“不满意”的次数。", None),
    ("returned", "退回次数", "本季度验收未通过、退回整改的次数（群众不满意的也退回）。", None),
    ("closure_rate", "销号率", "交办的条目中已销号的比例。" + _UNDEFINED,
     "销号率 = 销号数 ÷ 交办数"),
    ("on_time_rate", "按期销号率", "销号的条目中按期销号的比例；本季度没有销号的，"
     + _UNDEFINED, "按期销号率 = 按期销号数 ÷ 销号数"),
    ("satisfaction_rate", "群众满意率", "验收中群众评价为“满意”或“基本满意”的比例；"
     "本季度没有验收的，" + _UNDEFINED, "群众满意率 =（验收次数 − 不满意次数）÷ 验收次数"),
    ("return_rate", "退回率", "验收中退回整改的比例，越低越好；本季度没有验收的显示“—”。",
     "退回率 = 退回次数 ÷ 验收次数"),
    ("kept_rate", "未退回率", "验收中没有被退回、通过验收的比例，即 1 − 退回率；"
     "本季度没有验收的，" + _UNDEFINED,
     "未退回率 = 1 − 退回率 =（验收次数 − 退回次数）÷ 验收次数"),
    ("rechecked", "抽查复核数", "本季度对周抽查抽中的已销号条目现场复核的次数；只列示。", None),
    ("rebounds", "反弹数", "本季度周抽查复核不合格、由已销号重新交办整改的条目数。", None),
    ("deduction", "反弹扣分", f"每反弹 1 件扣 {REBOUND_POINTS} 分，最多扣 {REBOUND_CAP} 分。",
     f"反弹扣分 = min(反弹数 × {REBOUND_POINTS}, {REBOUND_CAP})"),
    ("late_milestones", "滞后节点数", "该单位负责的民生实事项目中，计划日期早于统计日、到统计日"
     "仍未完成的节点数（节点滞后）。", None),
    ("project_deduction", "项目扣分", f"每滞后 1 个节点扣 {LATE_POINTS} 分，最多扣 {LATE_CAP} 分。",
     f"项目扣分 = min(滞后节点数 × {LATE_POINTS}, {LATE_CAP})"),
    ("points", "各项得分", "各比率乘以其权重，保留两位小数。",
     "各项得分 = 比率 × 权重（销号率 40、按期销号率 30、群众满意率 20、未退回率 10）"),
    ("score", "综合得分", "四项得分之和减去反弹扣分和项目扣分，满分 100 分，最低 0 分。",
     FORMULA),
)


def definitions(min_sample: int) -> list[dict]:
    """统计口径: each figure's field, name, definition and formula, as the JSON gives them."""
    out = [{"key": key, "term": name, "text": text, "formula": formula}
           for key, name, text, formula in FIGURES]
    out[-1]["text"] += f"交办数少于 {min_sample} 件的单位样本不足，不计算综合得分、不参加排名。"
    return out

ITEM_MEASURES: measures.Measures = {
    "carried": lambda w: and_(Item.unit_id.is_not(None), Item.assigned_at < w.asof_utc,
                              Item.status.not_in(("rejected", "merged")),
                              sql.open_at(w) | sql.closed_during(w)),
    "closed": sql.closed_during,
    "closed_on_time": sql.closed_on_time,
    "overdue": sql.overdue_at,
}


def _rate(part: int, whole: int) -> Decimal | None:
    """part/whole to four places; None when nothing was counted (shown as —)."""
    return (Decimal(part) / Decimal(whole)).quantize(_Q4, ROUND_HALF_UP) if whole else None


def _scored(rate: Decimal | None) -> Decimal:
    """The value a rate counts for in the score and the tie-breaks: 0 when undefined."""
    return Decimal(0) if rate is None else rate


def score_row(row: dict) -> dict:
    """Add the rates, the points of each part and the score to a unit's counts."""
    verified = row["verified"]
    row["closure_rate"] = _rate(row["closed"], row["carried"])
    row["on_time_rate"] = _rate(row["closed_on_time"], row["closed"])
    row["satisfaction_rate"] = _rate(verified - row["unsatisfied"], verified)
    row["return_rate"] = _rate(row["returned"], verified)
    row["kept_rate"] = None if row["return_rate"] is None else Decimal(1) - row["return_rate"]
    row["points"] = {name: (_scored(row[name]) * weight).quantize(_Q2, ROUND_HALF_UP)
                     for name, weight, _ in WEIGHTS}
    row["deduction"] = Decimal(min(row["rebounds"] * REBOUND_POINTS, REBOUND_CAP)).quantize(_Q2)
    row["project_deduction"] = Decimal(min(row["late_milestones"] * LATE_POINTS,
                                           LATE_CAP)).quantize(_Q2)
    row["score"] = max(sum(row["points"].values(), Decimal(0)) - row["deduction"]
                       - row["project_deduction"], Decimal(0)).quantize(_Q2)
    return row


def _key(row: dict) -> tuple:
    """Sort key: higher score first, then the tie-breakers (an undefined rate as 0)."""
    return (-row["score"], *[(-_scored(row[k]) if high else _scored(row[k]))
                             for k, _, high in TIE_ORDER])


def _pct(rate: Decimal | int | None) -> str:
    """A figure as the tie notes quote it: a rate as 83.33% (— when undefined), a count
    (反弹数, 滞后节点数) as itself."""
    if isinstance(rate, int):
        return str(rate)
    return "—" if rate is None else f"{rate * 100:.2f}%"


def _explain(row: dict, prev: dict) -> str:
    """Why `row` is placed after `prev`, which has the same score."""
    for field, name, high in TIE_ORDER:
        if _scored(row[field]) != _scored(prev[field]):
            word = "低于" if high else "高于"
            return (f"与{prev['name']}同为{prev['score']}分，{name}{word}对方"
                    f"（{_pct(row[field])} 对 {_pct(prev[field])}），排在其后")
    return f"与{prev['name']}各项指标完全相同，并列第{prev['rank']}名"


def rank_rows(rows: list[dict], min_sample: int) -> tuple[list[dict], list[dict]]:
    """Ranked units (with places and tie notes) and the units with too small a sample."""
    ranked = sorted((r for r in rows if r["carried"] >= min_sample),
                    key=lambda r: (_key(r), r["id"] or 0))
    for i, row in enumerate(ranked):
        prev = ranked[i - 1] if i else None
        same = prev is not None and _key(prev) == _key(row)
        row["rank"] = prev["rank"] if same else i + 1
        row["tie_note"] = ""
        if prev is not None and prev["score"] == row["score"]:
            row["tie_note"] = _explain(row, prev)
            prev["tie_note"] = prev["tie_note"] or (
                f"与{row['name']}并列第{prev['rank']}名" if same
                else f"与{row['name']}同分，按同分比较规则排在其前")
    small = [r for r in rows if r["carried"] < min_sample]
    for row in small:
        row["rank"], row["score"] = None, None
        row["tie_note"] = f"样本不足：交办数 {row['carried']} 件，少于 {min_sample} 件，不参加排名"
    return ranked, small


def _counts(w: Window, user) -> list[dict]:
    """Per-unit counts of items and verify events in the quarter, and of the milestones of
    the unit's projects late on the as-of day."""
    scope = whole_items(user)
    items = measures.item_counts(w, scope, ITEM_MEASURES, (Item.unit_id,))
    events = measures.event_counts(w, scope, (Item.unit_id,))
    late = {(unit,): {"late_milestones": n}
            for unit, n in project_sql.late_by_unit(user, w).items()}
    names = [*ITEM_MEASURES, *measures.EVENT_MEASURES, "late_milestones"]
    table = measures.rollup(items, events, late, position=0)
    table.pop(None, None)
    return measures.unit_rows(table, names, "")


def ranking_report(user, period: Period) -> dict:
    """The quarterly ranking as plain data."""
    w = window(period)
    min_sample = setting("REPORT_MIN_SAMPLE")
    rows = [score_row(r) for r in _counts(w, user)]
    ranked, small = rank_rows(rows, min_sample)
    return {
        "kind": "ranking", "period": period.key, "title": period.title,
        "heading": f"{period.title}责任单位问题整改工作排名", "span": period.span,
        "start": period.start, "end": period.end, "asof": w.asof, "complete": w.complete,
        "formula": FORMULA, "rules": RULES, "min_sample": min_sample,
        "definitions": definitions(min_sample),
        "weights": [{"rate": k, "weight": wt, "name": n} for k, wt, n in WEIGHTS],
        "ranked": ranked, "insufficient": small,
    }
