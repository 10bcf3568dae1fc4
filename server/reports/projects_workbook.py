"""The 月度进展 workbook: 说明 (the figures in words and every definition), then one sheet
per table of the printed page — units, batches, the leader-led projects and the late
milestones — laid out by sheets.py like the other bulletins' workbooks."""

import io

from server.reports.sheets import DATE, PCT, Sheet, build
from server.reports.workbook import _caption, _notes

WAN = "#,##0.00"
# The figures of a unit, a batch or a total: (header, field, number format).
FIGURE_COLUMNS = [("项目数", "projects", None), ("未开工", "planned", None),
                  ("在建", "in_progress", None), ("已完工", "completed", None),
                  ("已投用", "in_use", None), ("已销号", "closed", None),
                  ("计划总投资（万元）", "investment_total_wan", WAN),
                  ("累计完成投资（万元）", "investment_done_wan", WAN),
                  ("投资完成率", "investment_rate", PCT), ("本月填报", "updates", None),
                  ("填报项目", "updated_projects", None),
                  ("本月新增投资（万元）", "investment_added_wan", WAN),
                  ("滞后节点", "late_milestones", None), ("滞后项目", "late_projects", None)]
LEADER_COLUMNS = [("序号", None, 6, None), ("批次", "batch_name", 8, None),
                  ("项目名称", "name", 30, None), ("责任单位", "unit_name", 20, None),
                  ("领办领导", "leader", 10, None), ("状态", "status_name", 8, None),
                  ("形象进度", "percent", 8, None),
                  ("计划总投资（万元）", "investment_total_wan", 12, WAN),
                  ("累计完成投资（万元）", "investment_done_wan", 12, WAN),
                  ("投资完成率", "investment_rate", 9, PCT), ("本月填报", "updates", 7, None),
                  ("本月新增投资（万元）", "investment_added_wan", 12, WAN),
                  ("滞后节点", "late_milestones", 7, None), ("计划完成", "due", 11, DATE)]
LATE_COLUMNS = [("序号", None, 6, None), ("项目名称", "project_name", 32, None),
                ("批次", "batch_name", 8, None), ("责任单位", "unit_name", 22, None),
                ("领办领导", "leader", 10, None), ("滞后节点", "milestone", 14, None),
                ("计划日期", "due", 12, DATE), ("滞后工作日", "late_days", 10, None)]


def _value(value):
    """A cell: — for a rate over nothing, a number for an amount."""
    if value is None:
        return "—"
    return float(value) if hasattr(value, "as_tuple") else value


def figure_sheet(report: dict, title: str, first: str, rows: list[dict]) -> Sheet:
    """Units or batches with their figures, the total last."""
    body = [[r["name"], *[_value(r[k]) for _, k, _ in FIGURE_COLUMNS]]
            for r in [*rows, report["totals"]]]
    formats = {i: f for i, (_, _, f) in enumerate(FIGURE_COLUMNS, 1) if f}
    return Sheet(title, [first, *[h for h, _, _ in FIGURE_COLUMNS]], body,
                 [26] + [8] * 6 + [13, 13, 10, 8, 8, 13, 8, 8], formats,
                 caption=_caption(report, f"分{title}情况"))


def _list_sheet(report: dict, title: str, columns: list, rows: list[dict],
                extra: list | None = None) -> Sheet:
    """A numbered list of projects or milestones."""
    body = [[n, *[_value(r[k]) for _, k, _, _ in columns[1:]]] for n, r in enumerate(rows, 1)]
    if extra:
        body.append(extra)
    formats = {i: f for i, (_, _, _, f) in enumerate(columns) if f}
    return Sheet(title, [h for h, _, _, _ in columns], body, [w for _, _, w, _ in columns],
                 formats, caption=_caption(report, title))


def summary_lines(report: dict) -> list[str]:
    """The totals in words, for the notes sheet."""
    t = report["totals"]
    statuses = "，".join(f"{s['name']} {t[s['code']]} 个" for s in report["statuses"])
    rate = "—" if t["investment_rate"] is None else f"{t['investment_rate'] * 100:.2f}%"
    return [f"项目 {t['projects']} 个：{statuses}。",
            f"计划总投资 {t['investment_total_wan']:,.2f} 万元，累计完成投资 "
            f"{t['investment_done_wan']:,.2f} 万元，投资完成率 {rate}。",
            f"本月填报进展 {t['updates']} 次（{t['updated_projects']} 个项目），新增完成投资 "
            f"{t['investment_added_wan']:,.2f} 万元。",
            f"滞后节点 {t['late_milestones']} 个，涉及项目 {t['late_projects']} 个；本表列出 "
            f"{len(report['late'])} 个（滞后最久者在前）。"]


def workbook(report: dict) -> io.BytesIO:
    """The 月度进展 workbook."""
    lt = report["leader_totals"]
    leader_total = [None, None, "合计", None, None, None, None,
                    *[_value(lt[k]) for k in ("investment_total_wan", "investment_done_wan",
                                              "investment_rate", "updates",
                                              "investment_added_wan", "late_milestones")],
                    None]
    return build([
        _notes(report, summary_lines(report)),
        figure_sheet(report, "责任单位", "责任单位", report["units"]),
        figure_sheet(report, "批次", "批次", report["batches"]),
        _list_sheet(report, "领导领办项目", LEADER_COLUMNS, report["leader_projects"],
                    leader_total if report["leader_projects"] else None),
        _list_sheet(report, "节点滞后清单", LATE_COLUMNS, report["late"]),
    ])
