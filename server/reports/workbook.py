"""XLSX workbooks of the bulletins (周通报, 月督导, 季排名, 丈量, 评价考核), laid out by
sheets.py.

Rates are numbers formatted as percentages, so they can be recomputed and sorted in
Excel. The bulletins are small (units, townships, a bounded item list), so a normal
in-memory openpyxl workbook is built.
"""

import io

from server.reports.cadre_terms import WEIGHTS
from server.reports.sheets import DATE, PCT, Sheet, build


def _caption(report: dict, part: str) -> str:
    """A sheet's title row: the report's heading and what the sheet holds."""
    return f"{report['heading']}——{part}"


def _notes(report: dict, extra: list[str]) -> Sheet:
    """The first sheet: title, period, as-of day and the definitions."""
    rows = [["统计周期", f"{report['start']} 至 {report['end']}"],
            ["统计截止", f"{report['asof']}{'' if report['complete'] else '（周期未结束）'}"]]
    rows += [["说明", line] for line in extra]
    rows += [[d["term"], "\n".join(x for x in (d["text"], d.get("formula")) if x)]
             for d in report.get("definitions", [])]
    return Sheet("说明", ["项目", "内容"], rows, [16, 110], caption=report["heading"])


_FLOW = ["新增", "交办", "整改完成", "销号", "按期销号", "按期销号率", "在办", "逾期", "验收",
         "退回", "群众满意率"]
_FLOW_KEYS = ["new", "assigned", "rectified", "closed", "closed_on_time", "on_time_rate",
              "open", "overdue", "verified", "returned", "satisfaction_rate"]


def _flow_sheet(report: dict, title: str, first: str, rows: list[dict], total: dict) -> Sheet:
    """Per-unit or per-township counts of the weekly bulletin."""
    body = [[r["name"], *[r[k] for k in _FLOW_KEYS]] for r in [*rows, total]]
    return Sheet(title, [first, *_FLOW], body, [26] + [9] * len(_FLOW),
                 {6: PCT, 11: PCT}, caption=_caption(report, f"各{title}情况"))


def _item_sheet(report: dict, title: str, items: list[dict],
                extra: list[tuple[str, str, int]]) -> Sheet:
    """A list of items with the common columns and some report-specific ones."""
    headers = ["序号", "编号", "问题描述", "类别", "所在区域", "责任单位", "整改时限",
               "逾期工作日", "当前状态", *[h for h, _, _ in extra]]
    rows = [[n, i["id"], i["description"], i["category_name"],
             "".join(x for x in (i["township_name"], i["area_name"]) if x) or None,
             i["unit_name"], i["deadline"], i["overdue_days"], i["status_name"],
             *[_join(i[k]) for _, k, _ in extra]] for n, i in enumerate(items, 1)]
    widths = [6, 8, 44, 14, 18, 18, 12, 10, 10, *[w for _, _, w in extra]]
    return Sheet(title, headers, rows, widths, {6: DATE}, caption=_caption(report, title))


def _join(value):
    """Lists become 、-separated text; booleans 是/否."""
    if isinstance(value, list):
        return "、".join(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    return value


def weekly_workbook(report: dict) -> io.BytesIO:
    """The 周通报 workbook."""
    shown = len(report["overdue_items"])
    note = f"逾期清单共 {report['overdue_total']} 条，本表列出 {shown} 条（整改时限最早者在前）。"
    return build([
        _notes(report, [report["summary"], note]),
        _flow_sheet(report, "责任单位", "责任单位", report["units"], report["totals"]),
        _flow_sheet(report, "乡镇（街道）", "乡镇（街道）", report["townships"],
                    report["totals"]),
        _item_sheet(report, "逾期清单", report["overdue_items"], [("领导领办", "leader_led", 10)]),
        *_duty_sheets(report, report["duty"], report["duty"]["absent"],
                      report["duty"]["overdue_areas"]),
    ])


def monthly_workbook(report: dict) -> io.BytesIO:
    """The 月督导 workbook."""
    names = [r["name"] for r in report["reasons"]]
    codes = [r["code"] for r in report["reasons"]]
    units = [[u["name"], *[u[c] for c in codes], u["any"]]
             for u in [*report["units"], report["totals"]]]
    extra = [("督导事由", "reason_names", 20), ("累计退回", "return_count", 9),
             ("领办领导", "leader_name", 10), ("存疑标记", "flags", 28)]
    return build([
        _notes(report, [f"督导清单共 {report['item_total']} 条，本表列出 "
                        f"{len(report['items'])} 条。"]),
        Sheet("分单位统计", ["责任单位", *names, "合计（去重）"], units,
              [26] + [12] * (len(names) + 1), caption=_caption(report, "分单位统计")),
        _item_sheet(report, "督导清单", report["items"], extra),
        *_duty_sheets(report, report["duty"], report["duty"]["absent"],
                      report["duty"]["overdue_areas"]),
    ])


RANKING_HEADERS = ["名次", "责任单位", "交办数", "销号数", "销号率", "按期销号数", "按期销号率",
                   "验收次数", "不满意次数", "群众满意率", "退回次数", "退回率", "抽查反弹",
                   "滞后节点", "销号率得分", "按期得分", "满意度得分", "未退回得分", "反弹扣分",
                   "项目扣分", "综合得分", "说明"]


def _rate(value):
    """A rate, or — where it has nothing to be counted over."""
    return "—" if value is None else value


def ranking_workbook(report: dict) -> io.BytesIO:
    """The 季排名 workbook, with every number behind each score."""
    rows = []
    for r in [*report["ranked"], *report["insufficient"]]:
        p = r["points"]
        rows.append([r["rank"] if r["rank"] is not None else "样本不足", r["name"], r["carried"],
                     r["closed"], _rate(r["closure_rate"]), r["closed_on_time"],
                     _rate(r["on_time_rate"]), r["verified"], r["unsatisfied"],
                     _rate(r["satisfaction_rate"]), r["returned"],
                     _rate(r["return_rate"]), r["rebounds"], r["late_milestones"],
                     p["closure_rate"], p["on_time_rate"], p["satisfaction_rate"],
                     p["kept_rate"], r["deduction"], r["project_deduction"],
                     r["score"] if r["rank"] is not None else None, r["tie_note"]])
    formats = {4: PCT, 6: PCT, 9: PCT, 11: PCT, **{i: "0.00" for i in range(14, 21)}}
    return build([
        _notes(report, [report["formula"], *report["rules"],
                        f"交办数少于 {report['min_sample']} 件的单位列为“样本不足”，不参加排名。"]),
        Sheet("排名", RANKING_HEADERS, rows, [6, 22] + [7] * 19 + [36], formats,
              caption=_caption(report, "排名")),
    ])


_CADRE = [("乡镇（街道）", "township", 16), ("干部", "name", 12),
          ("应到岗天数", "days_expected", 8),
          ("到岗天数", "days_out", 8), ("分包区域", "areas_assigned", 8),
          ("已丈量区域", "areas_covered", 8), ("签到次数", "checkins", 8),
          ("无效签到", "outside_checkins", 8), ("上报问题", "reports", 8)]
_AREA = [("乡镇（街道）", "township", 16), ("区域", "name", 26), ("本期有效签到", "checkins", 10),
         ("最近丈量日", "last_visit", 12), ("距今周数", "weeks_since_visit", 9),
         ("超期未丈量", "overdue_rotation", 10)]


def _table(report: dict, title: str, columns: list, rows: list[dict]) -> Sheet:
    """A sheet of the 丈量 figures: one row per cadre or area."""
    body = [[n, *[_join(r[k]) if r[k] is not None else "—" for _, k, _ in columns]]
            for n, r in enumerate(rows, 1)]
    return Sheet(title, ["序号", *[h for h, _, _ in columns]], body,
                 [6, *[w for _, _, w in columns]], caption=_caption(report, title))


def duty_lines(duty: dict) -> list[str]:
    """The 丈量 totals in words, for the notes sheet."""
    t = duty["totals"]
    days = "、".join(f"{d.month}月{d.day}日" for d in duty["duty_days"]) or "无"
    return [f"丈量日：{days}",
            f"应到岗干部 {t['cadres_expected']} 人，到岗 {t['cadres_out']} 人；到岗率 "
            f"{_pct(t['attendance_rate'])}"
            f"（{t['cadre_days_out']}/{t['cadre_days_expected']} 人次）",
            f"分包区域 {t['areas_total']} 个，已丈量 {t['areas_covered']} 个，覆盖率 "
            f"{_pct(t['coverage_rate'])}；无效签到 {t['outside_checkins']} 次"]


def _pct(rate) -> str:
    """A rate in words, — where it has nothing to be counted over."""
    return "—" if rate is None else f"{rate * 100:.2f}%"


def _duty_sheets(report: dict, duty: dict, cadres: list, areas: list) -> list[Sheet]:
    """The 丈量 sheets: the figures in words, the cadres and the areas listed."""
    absent = "未到岗干部" if cadres is duty["absent"] else "干部到岗"
    overdue = "超期未丈量区域" if areas is duty["overdue_areas"] else "区域覆盖"
    return [Sheet("丈量情况", ["项目", "内容"], [["丈量", x] for x in duty_lines(duty)],
                  [16, 110], caption=_caption(report, "丈量到岗和覆盖情况")),
            _table(report, absent, _CADRE, cadres), _table(report, overdue, _AREA, areas)]


def duty_workbook(report: dict) -> io.BytesIO:
    """The 丈量 workbook: notes, every cadre, every area."""
    return build([_notes(report, duty_lines(report)),
                  *_duty_sheets(report, report, report["cadres"], report["areas"])[1:]])


# The 评价考核 columns after a row's name: (header, field, number format).
_EVAL = [("应到岗天数", "days_expected", None), ("到岗天数", "days_out", None),
         ("到岗率", "attendance_rate", PCT), ("分包区域", "areas_assigned", None),
         ("已丈量区域", "areas_covered", None), ("覆盖率", "coverage_rate", PCT),
         ("上报数", "reports", None), ("采纳数", "reports_accepted", None),
         ("不予受理数", "reports_rejected", None), ("待交办数", "reports_pending", None),
         ("上报采纳率", "acceptance_rate", PCT), ("无效签到", "outside_checkins", None),
         ("销号条目", "items_closed", None)]
_EVAL_POINTS = ["到岗率得分", "覆盖率得分", "采纳率得分", "得分"]


def _eval_sheet(report: dict, title: str, lead: list[tuple[str, int]], rows: list[list],
                scored: list[dict], note: bool = False) -> Sheet:
    """Scored rows: the leading cells given in `rows`, then each row's counts and rates,
    points and score (every rate and point a number), and its note."""
    body = [[*cells, *[_rate(r[k]) for _, k, _ in _EVAL],
             *[r["points"][k] for k, _, _ in WEIGHTS], _rate(r["score"]),
             *([r["note"]] if note else [])]
            for cells, r in zip(rows, scored, strict=True)]
    n = len(lead)
    formats = {n + i: f for i, (_, _, f) in enumerate(_EVAL) if f}
    formats.update({n + len(_EVAL) + i: "0.00" for i in range(len(_EVAL_POINTS))})
    headers = [*[h for h, _ in lead], *[h for h, _, _ in _EVAL], *_EVAL_POINTS,
               *(["说明"] if note else [])]
    widths = [*[w for _, w in lead], *[8] * (len(_EVAL) + len(_EVAL_POINTS)),
              *([34] if note else [])]
    return Sheet(title, headers, body, widths, formats, caption=_caption(report, title))


def _place(group: dict):
    """A group's place: its rank, 样本不足, or 不排名 (cadres without a township or unit)."""
    if group["rank"] is not None:
        return group["rank"]
    return "样本不足" if group["id"] is not None else "不排名"


def _group_sheet(report: dict, title: str, groups: list[dict]) -> Sheet:
    """The townships or the units pooled, ranked or not (样本不足), the total last."""
    rows = [[_place(g), g["name"], g["cadres"]] for g in groups]
    rows.append([None, "合计", report["totals"]["cadres"]])
    return _eval_sheet(report, title, [("名次", 6), (title, 20), ("干部人数", 8)], rows,
                       [*groups, report["totals"]], note=True)


def cadres_workbook(report: dict) -> io.BytesIO:
    """The 评价考核 workbook: notes (formula, rules, definitions), every cadre, the
    townships and the units."""
    days = f"本期截至统计日丈量日 {len(report['duty_days'])} 天。"
    rows = [[c["rank"], c["township"] or "—", c["name"], c["unit"] or "—"]
            for c in report["cadres"]]
    cadres = _eval_sheet(report, "干部评价", [("名次", 6), ("乡镇（街道）", 14), ("干部", 12),
                                          ("单位", 22)], rows, report["cadres"])
    return build([_notes(report, [report["formula"], *report["rules"], days]), cadres,
                  _group_sheet(report, "乡镇（街道）", report["townships"]),
                  _group_sheet(report, "单位", report["units"])])
