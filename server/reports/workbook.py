"""XLSX workbooks of the bulletins (周通报, 月督导, 季排名), one sheet per table.

The bulletins are small (units, townships, a bounded item list), so a normal
openpyxl workbook with styles is built in memory. Rates are stored as numbers
formatted as percentages, so they can be recomputed and sorted in Excel.
"""

import io
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

_THIN = Side(style="thin", color="808080")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
PCT = "0.00%"


@dataclass
class Sheet:
    """A titled table: headers, rows, column widths and per-column number formats."""

    title: str
    headers: list[str]
    rows: list[list]
    widths: list[int] = field(default_factory=list)
    formats: dict[int, str] = field(default_factory=dict)
    caption: str = ""


def _put(ws, row: int, col: int, value):
    """Set a cell; text loses the control characters XLSX cannot hold and is never a formula."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = ws.cell(row=row, column=col, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def _write(ws, sheet: Sheet) -> None:
    """Fill one worksheet: caption, bold header, boxed cells, widths, formats."""
    top = 1
    if sheet.caption:
        _put(ws, 1, 1, sheet.caption).font = Font(bold=True, size=13)
        top = 3
    for col, name in enumerate(sheet.headers, 1):
        cell = _put(ws, top, col, name)
        cell.font, cell.border = Font(bold=True), _BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for r, row in enumerate(sheet.rows, top + 1):
        for col, value in enumerate(row, 1):
            cell = _put(ws, r, col, value)
            cell.border = _BOX
            cell.alignment = Alignment(vertical="top", wrap_text=isinstance(value, str))
            if col - 1 in sheet.formats:
                cell.number_format = sheet.formats[col - 1]
    for col, width in enumerate(sheet.widths, 1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = ws.cell(row=top + 1, column=1)


def build(sheets: list[Sheet]) -> io.BytesIO:
    """A workbook of the given sheets, as a rewound in-memory file."""
    wb = Workbook()
    wb.remove(wb.active)
    for sheet in sheets:
        _write(wb.create_sheet(sheet.title[:31]), sheet)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def _notes(report: dict, extra: list[str]) -> Sheet:
    """The first sheet: title, period, as-of day and the definitions."""
    rows = [["统计周期", f"{report['start']} 至 {report['end']}"],
            ["统计截止", f"{report['asof']}{'' if report['complete'] else '（周期未结束）'}"]]
    rows += [["说明", line] for line in extra]
    rows += [[d["term"], d["text"]] for d in report.get("definitions", [])]
    return Sheet("说明", ["项目", "内容"], rows, [14, 100], caption=report["heading"])


_FLOW = ["新增", "交办", "整改完成", "销号", "按期销号", "按期销号率", "在办", "逾期", "验收",
         "退回", "群众满意率"]
_FLOW_KEYS = ["new", "assigned", "rectified", "closed", "closed_on_time", "on_time_rate",
              "open", "overdue", "verified", "returned", "satisfaction_rate"]


def _flow_sheet(title: str, first: str, rows: list[dict], total: dict) -> Sheet:
    """Per-unit or per-township counts of the weekly bulletin."""
    body = [[r["name"], *[r[k] for k in _FLOW_KEYS]] for r in [*rows, total]]
    return Sheet(title, [first, *_FLOW], body, [24] + [9] * len(_FLOW),
                 {6: PCT, 11: PCT})


def _item_sheet(title: str, items: list[dict], extra: list[tuple[str, str, int]]) -> Sheet:
    """A list of items with the common columns and some report-specific ones."""
    headers = ["序号", "编号", "问题描述", "类别", "所在区域", "责任单位", "整改时限",
               "逾期工作日", "当前状态", *[h for h, _, _ in extra]]
    rows = [[n, i["id"], i["description"], i["category_name"],
             "".join(x for x in (i["township_name"], i["area_name"]) if x) or None,
             i["unit_name"], i["deadline"], i["overdue_days"], i["status_name"],
             *[_join(i[k]) for _, k, _ in extra]] for n, i in enumerate(items, 1)]
    widths = [6, 8, 44, 14, 20, 16, 12, 10, 10, *[w for _, _, w in extra]]
    return Sheet(title, headers, rows, widths, {6: "yyyy-mm-dd"})


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
        _flow_sheet("责任单位", "责任单位", report["units"], report["totals"]),
        _flow_sheet("乡镇（街道）", "乡镇（街道）", report["townships"], report["totals"]),
        _item_sheet("逾期清单", report["overdue_items"], [("领导领办", "leader_led", 10)]),
    ])


def monthly_workbook(report: dict) -> io.BytesIO:
    """The 月督导 workbook."""
    names = [r["name"] for r in report["reasons"]]
    codes = [r["code"] for r in report["reasons"]]
    units = [[u["name"], *[u[c] for c in codes], u["any"]]
             for u in [*report["units"], report["totals"]]]
    extra = [("督导事由", "reason_names", 24), ("累计退回", "return_count", 9),
             ("领办领导", "leader_name", 10), ("存疑标记", "flags", 30)]
    return build([
        _notes(report, [f"督导清单共 {report['item_total']} 条，本表列出 "
                        f"{len(report['items'])} 条。"]),
        Sheet("分单位统计", ["责任单位", *names, "合计（去重）"], units, [24] + [12] * 5),
        _item_sheet("督导清单", report["items"], extra),
    ])


def ranking_workbook(report: dict) -> io.BytesIO:
    """The 季排名 workbook, with every number behind each score."""
    headers = ["名次", "责任单位", "交办数", "销号数", "销号率", "按期销号数", "按期销号率",
               "验收次数", "不满意次数", "群众满意率", "退回次数", "退回率", "销号率得分",
               "按期得分", "满意度得分", "未退回得分", "综合得分", "说明"]
    rows = []
    for r in [*report["ranked"], *report["insufficient"]]:
        p = r["points"]
        rows.append([r["rank"] if r["rank"] is not None else "样本不足", r["name"], r["carried"],
                     r["closed"], r["closure_rate"], r["closed_on_time"], r["on_time_rate"],
                     r["verified"], r["unsatisfied"], r["satisfaction_rate"], r["returned"],
                     r["return_rate"], p["closure_rate"], p["on_time_rate"],
                     p["satisfaction_rate"], p["kept_rate"],
                     r["score"] if r["rank"] is not None else None, r["tie_note"]])
    formats = {4: PCT, 6: PCT, 9: PCT, 11: PCT, 12: "0.00", 13: "0.00", 14: "0.00",
               15: "0.00", 16: "0.00"}
    return build([
        _notes(report, [report["formula"], *report["rules"],
                        f"交办数少于 {report['min_sample']} 件的单位列为“样本不足”，不参加排名。"]),
        Sheet("排名", headers, rows, [8, 22] + [10] * 15 + [40], formats),
    ])
