"""The layout of the office's 民生实事 project sheet, read row by row and written back.

The import (`POST /api/v1/projects/import`) finds the columns by their header in any order
and under the names offices give them (总投资（万元）, 总投资(万元), 计划总投资 …), within
the first rows (an exported sheet has a title row above its header). Each data row
becomes the body `POST /api/v1/projects` takes, with units, categories and areas named
by the office resolved to ids, or a list of row errors `{row, column, code, message}` in
the sheet's own row numbers and headers. The export writes the same layout, so a sheet
exported and imported again gives the same projects. Pure functions, no Flask: the file
is read in server/services/project_sheets.py, the body checked by the create schema and
created by server/services/projects.py, the rules of which stay the only ones.
"""

import re
from dataclasses import dataclass
from datetime import date

from sync import project_cells as cells
from sync.errors import DomainError
from sync.hostile import bad_text

# (key, header as exported), in the exported order.
LAYOUT = (("seq", "序号"), ("batch", "批次"), ("name", "项目名称"), ("category", "类别"),
          ("unit", "责任单位"), ("leader", "领办领导"), ("total", "总投资（万元）"),
          ("done", "已完成投资（万元）"), ("start", "计划开工"), ("due", "计划完成"),
          ("milestones", "节点"), ("area", "所在区域"), ("status", "状态"),
          ("percent", "完成进度（%）"), ("reason", "超支原因"))
HEADERS = dict(LAYOUT)
REQUIRED = ("name", "category", "unit", "total", "due")
# Header names (compared by `header_key`: one width, no spaces, brackets or 必填 stars).
ALIASES = {
    "seq": ("序号",), "batch": ("批次", "所属批次"),
    "name": ("项目名称", "项目"), "category": ("类别", "项目类别", "所属类别", "分类"),
    "unit": ("责任单位", "牵头单位", "责任部门", "牵头责任单位"),
    "leader": ("领办领导", "领导领办", "领办市领导", "领办县领导"),
    "total": ("总投资万元", "总投资", "计划总投资万元", "计划总投资", "项目总投资万元"),
    "done": ("已完成投资万元", "已完成投资", "累计完成投资万元", "累计完成投资", "完成投资万元"),
    "start": ("计划开工", "计划开工时间", "计划开工日期", "开工时间", "开工日期"),
    "due": ("计划完成", "计划完成时间", "计划完成日期", "完成时限", "完成时间"),
    "milestones": ("节点", "节点计划", "时间节点", "工作节点", "关键节点"),
    "area": ("所在区域", "所在乡镇", "所在乡镇街道", "乡镇", "乡镇街道", "区域"),
    "status": ("状态", "项目状态", "进展状态"),
    "percent": ("完成进度%", "完成进度", "形象进度%", "形象进度", "进度%"),
    "reason": ("超支原因", "超出原因", "超概算原因"),
}
_BY_NAME = {name: key for key, names in ALIASES.items() for name in names}
# The create body's fields and the column each comes from (for the schema's errors).
FIELD_COLUMN = {"name": "name", "batch": "batch", "category": "category", "unit_id": "unit",
                "leader": "leader", "leader_led": "leader", "investment_total_wan": "total",
                "investment_done_wan": "done", "over_budget_reason": "reason",
                "start": "start", "due": "due", "milestones": "milestones",
                "area_id": "area", "status": "status", "percent": "percent"}
STATUS_LABELS = {"planned": "未开工", "in_progress": "在建", "completed": "已完工",
                 "in_use": "已投用", "closed": "已销号"}
_STATUS_WORDS = {**{label: code for code, label in STATUS_LABELS.items()},
                 **{code: code for code in STATUS_LABELS}, "计划": "planned",
                 "已开工": "in_progress", "施工中": "in_progress", "推进中": "in_progress",
                 "完工": "completed", "已竣工": "completed", "投用": "in_use",
                 "已投入使用": "in_use"}
_YES = frozenset({"是", "√", "✓", "✔", "y", "yes"})  # leader-led, leader not named
SUMMARY = frozenset({"合计", "总计", "小计"})
CELL_MAX = 2000   # characters in one cell
HEADER_SCAN = 10  # rows searched for the header
_D = r"\d{4}\s*[-/.年－／．]\s*\d{1,2}\s*[-/.月－／．]\s*\d{1,2}\s*日?"
_MILESTONE = re.compile(
    rf"(?P<name>.+?)\s*[:：]?\s*(?P<due>{_D})\s*"
    rf"(?:[(（]\s*(?:已完成|完成|实际完成)\s*[:：]?\s*(?P<done>{_D})\s*[)）]"
    rf"|[(（]\s*(?P<done2>{_D})\s*(?:已完成|完成)\s*[)）])?")
_MILESTONE_SPLIT = re.compile(r"[；;\n\r]+")
NONE = "无"  # 节点 of a project without milestones
MILESTONE_HINT = "应写成“节点名称 日期”，多个节点用分号隔开，如：立项 2026-03-01；设计 2026-05-01"


@dataclass(frozen=True)
class Header:
    """Where the header is: its row number, and each known column's index and heading."""

    row: int
    index: dict[str, int]
    names: dict[str, str]

    def column(self, key: str) -> str:
        """A column as the sheet names it (the exported name when the sheet has none)."""
        return self.names.get(key, HEADERS[key])


@dataclass(frozen=True)
class Lookups:
    """Names the office writes, resolved (all keys squeezed, see project_cells.squeeze)."""

    units: dict[str, int]
    categories: dict[str, str]        # label or code -> code
    areas: dict[str, int | None]      # name, or 乡镇 + name -> id; None: several share it
    category_labels: tuple[str, ...] = ()


def header_key(text) -> str | None:
    """The column a header names, or None for a column the import does not read."""
    name = re.sub(r"[()\[\]【】*]", "", cells.squeeze(str(text))).replace("必填", "")
    return _BY_NAME.get(name)


def find_header(rows: list[tuple[int, list]]) -> Header:
    """The header among the first rows: the first that names every required column."""
    best: dict[str, int] = {}
    for number, row in rows[:HEADER_SCAN]:
        index: dict[str, int] = {}
        twice = []
        for i, value in enumerate(row):
            key = None if cells.is_blank(value) else header_key(value)
            if key in index:
                twice.append(str(value).strip())
            elif key is not None:
                index[key] = i
        if all(k in index for k in REQUIRED):
            if twice:
                raise DomainError("bad_sheet",
                                  f"表头中“{'、'.join(twice)}”重复出现，请删去多余的列",
                                  {"reason": "duplicate_columns", "columns": twice})
            return Header(number, index, {k: str(row[i]).strip() for k, i in index.items()})
        best = index if len(index) > len(best) else best
    missing = [HEADERS[k] for k in REQUIRED if k not in best]
    raise DomainError("bad_sheet",
                      f"表格缺少必填列：{'、'.join(missing)}，请在表头中补上后重新导入",
                      {"reason": "missing_columns", "missing": missing})


def is_summary(row: list) -> bool:
    """A 合计 / 小计 row under the projects: not a project."""
    first = next((v for v in row if not cells.is_blank(v)), None)
    return first is not None and cells.squeeze(str(first)) in SUMMARY


def error(row: int, column: str, code: str, message: str) -> dict:
    """One row error as the answer lists it."""
    return {"row": row, "column": column, "code": code, "message": message}


def _text(value) -> str:
    """A cell as trimmed text (a workbook's whole number without .0)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def read_milestones(text: str) -> list[dict]:
    """节点: "立项 2026-03-01；设计 2026-05-01（已完成 2026-04-28）" as create's milestones
    (无: none at all; a blank cell plans them from the template instead)."""
    if cells.squeeze(text) == NONE:
        return []
    out = []
    parts = [p.strip() for p in _MILESTONE_SPLIT.split(text) if p.strip()]
    for n, part in enumerate(parts, 1):
        m = _MILESTONE.fullmatch(part)
        if m is None:
            raise cells.CellError("invalid_milestones",
                                  f"第{n}个节点“{part[:30]}”无法识别，{MILESTONE_HINT}")
        step = {"name": m["name"].strip(), "due": cells.read_date(m["due"]).isoformat()}
        done = m["done"] or m["done2"]
        if done:
            step["done_on"] = cells.read_date(done).isoformat()
        out.append(step)
    return out


def _status(value) -> str:
    """状态 as a status code; 已销号 is not for an import."""
    code = _STATUS_WORDS.get(cells.squeeze(_text(value)))
    if code is None:
        raise cells.CellError("invalid_status", "状态应填写：未开工、在建、已完工、已投用")
    if code == "closed":
        raise cells.CellError("closed_status",
                              "已销号的项目须经现场验收销号，不能通过导入设置，请填写“已完工”或“已投用”")
    return code


def _leader(value) -> dict:
    """领办领导: a name (or 是) makes the project leader-led."""
    text = _text(value)
    return {"leader_led": True, "leader": None if text.lower() in _YES else text}


def _named(table: dict, value, code: str, message: str):
    """The id (or code) a name stands for in a lookup table."""
    found = table.get(cells.squeeze(_text(value)), ...)
    if found is ...:
        raise cells.CellError(code, message)
    if found is None:
        raise cells.CellError("ambiguous_area",
                              f"区域“{_text(value)}”有重名，请连同乡镇一起填写，如：龙湖镇郭老庄")
    return found


def readers_for(lookups: Lookups) -> dict:
    """key -> how its cell becomes fields of the create body."""
    labels = "、".join(lookups.category_labels)
    return {
        "seq": lambda v: {},
        "name": lambda v: {"name": _text(v)},
        "batch": lambda v: {"batch": cells.read_batch(v)},
        "category": lambda v: {"category": _named(
            lookups.categories, v, "unknown_category", f"类别应填写：{labels}")},
        "unit": lambda v: {"unit_id": _named(
            lookups.units, v, "unknown_unit",
            f"系统中没有“{_text(v)}”这个责任单位，请核对名称或先在单位管理中添加")},
        "leader": _leader,
        "total": lambda v: {"investment_total_wan": cells.read_number(v)},
        "done": lambda v: {"investment_done_wan": cells.read_number(v)},
        "start": lambda v: {"start": cells.read_date(v).isoformat()},
        "due": lambda v: {"due": cells.read_date(v).isoformat()},
        "milestones": lambda v: {"milestones": read_milestones(_text(v))},
        "area": lambda v: {"area_id": _named(
            lookups.areas, v, "unknown_area", f"系统中没有“{_text(v)}”这个区域，请核对名称")},
        "status": lambda v: {"status": _status(v)},
        "percent": lambda v: {"percent": cells.read_percent(v)},
        "reason": lambda v: {"over_budget_reason": _text(v)},
    }


def parse_row(number: int, row: list, header: Header, lookups: Lookups,
              readers: dict | None = None) -> tuple[dict, list[dict]]:
    """One data row as the body of `POST /api/v1/projects`, and its errors (if any, the
    body is incomplete). Blank optional cells are left out, as when typing by hand."""
    readers = readers or readers_for(lookups)
    body: dict = {}
    errors: list[dict] = []
    for key, i in sorted(header.index.items(), key=lambda kv: kv[1]):
        value = row[i] if i < len(row) else None
        column = header.column(key)
        if cells.is_blank(value):
            if key in REQUIRED:
                errors.append(error(number, column, "required", f"“{column}”不能为空"))
            continue
        if isinstance(value, str) and bad_text(value):
            errors.append(error(number, column, "bad_text",
                                "单元格中有无法保存的特殊字符，请删除后重新导入"))
        elif isinstance(value, str) and len(value) > CELL_MAX:
            errors.append(error(number, column, "too_long", f"内容过长，不能超过{CELL_MAX}字"))
        else:
            try:
                body.update(readers[key](value))
            except cells.CellError as exc:
                errors.append(error(number, column, exc.code, exc.message))
    return body, errors


def milestones_text(milestones: list[tuple[str, date, date | None]]) -> str:
    """节点 as the import reads it, one step a line (a separator in a name becomes ，)."""
    steps = []
    for name, due, done_on in milestones:
        step = f"{_MILESTONE_SPLIT.sub('，', name)} {due.isoformat()}"
        steps.append(step + (f"（已完成 {done_on.isoformat()}）" if done_on else ""))
    return "；\n".join(steps) or NONE


def leader_text(leader: str | None, leader_led: bool) -> str | None:
    """领办领导 as the import reads it: the leader of a leader-led project (是 unnamed)."""
    if not leader_led:
        return None
    return leader or "是"


def export_row(values: dict) -> list:
    """A project's cells in the layout's order, from each column's plain value (batch as a
    number, status as a code, milestones as (name, due, done_on), leader and leader_led)."""
    out = {**values, "batch": cells.batch_word(values["batch"]),
           "leader": leader_text(values["leader"], values["leader_led"]),
           "milestones": milestones_text(values["milestones"]),
           "status": STATUS_LABELS.get(values["status"], values["status"])}
    return [out.get(key) for key, _ in LAYOUT]


def place_text(area: str | None, town: str | None) -> str | None:
    """所在区域 as written and read: the township and the area (龙湖镇郭老庄), a township
    alone, or nothing."""
    if area is None:
        return None
    return f"{town}{area}" if town and town != area else area
