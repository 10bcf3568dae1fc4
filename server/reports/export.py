"""Export of the ledger (整改台账) with the list's filters, as streamed CSV or XLSX.

Rows are fetched in batches (`yield_per`, a server-side cursor on PostgreSQL) and
written as they come: CSV is a generator of UTF-8 bytes starting with a BOM so
Excel reads the Chinese correctly; XLSX uses openpyxl's write-only mode into a
temporary file. Text cells that a spreadsheet could take for a formula are kept as
text (CSV: a leading apostrophe, the usual guard against formula injection).
"""

import csv
import io
import tempfile
from collections.abc import Iterator

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from sqlalchemy import select

from server.extensions import db
from server.models import Area, Category, Item, Unit, User
from server.reports.calendar import current_calendar
from server.reports.labels import SATISFACTION_NAMES, STATUS_NAMES, localizer
from server.services.clock import local_today
from server.services.queries import SORTS, filter_conditions
from sync.workdays import overdue_working_days

COLUMNS = (("序号", 7), ("编号", 9), ("问题描述", 48), ("类别", 16), ("所在区域", 22),
           ("上报人", 10), ("上报时间", 17), ("责任单位", 18), ("整改措施", 36),
           ("整改时限", 12), ("状态", 10), ("逾期天数", 9), ("销号时间", 17),
           ("群众满意度", 11))
HEADERS = tuple(name for name, _ in COLUMNS)
_FIELDS = (Item.id, Item.description, Item.category, Item.area_id, Item.township_id,
           Item.reporter_id, Item.created_at, Item.unit_id, Item.plan, Item.deadline,
           Item.status, Item.closed_at, Item.satisfaction)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BATCH = 2000


def _lookups() -> dict:
    """Names of units, categories, reporters and areas (small tables, read once)."""
    areas = {a.id: (a.name, a.township_id) for a in db.session.execute(
        select(Area.id, Area.name, Area.township_id))}
    return {
        "units": dict(db.session.execute(select(Unit.id, Unit.name)).all()),
        "categories": dict(db.session.execute(select(Category.code, Category.name)).all()),
        "users": dict(db.session.execute(select(User.id, User.name)).all()),
        "areas": areas,
    }


def _place(areas: dict, area_id, township_id) -> str | None:
    """所在区域: the township and the area, e.g. 龙湖镇郭老庄."""
    area = areas.get(area_id)
    town = areas.get(township_id)
    if area is None:
        return town[0] if town else None
    if town and township_id != area_id:
        return f"{town[0]}{area[0]}"
    return area[0]


def _overdue_days(deadline, status, closed, today, cal) -> int | None:
    """Working days past the deadline: to today while open, to the closing day after."""
    if deadline is None or status in ("rejected", "merged"):
        return None
    return overdue_working_days(deadline, closed.date() if closed else today, cal)


def ledger_rows(user, filters: dict) -> Iterator[tuple]:
    """The export's rows in the list's order, one tuple per item, fetched in batches."""
    names = _lookups()
    categories, areas, users, units = (names[k] for k in ("categories", "areas", "users",
                                                           "units"))
    today, cal, local = local_today(), current_calendar(), localizer()
    stmt = (select(*_FIELDS).where(*filter_conditions(user, filters, whole=True))
            .order_by(*SORTS[filters.get("sort") or "-created_at"])
            .execution_options(yield_per=BATCH))
    for n, row in enumerate(db.session.execute(stmt), 1):
        closed = local(row.closed_at)
        yield (n, row.id, row.description, categories.get(row.category, row.category),
               _place(areas, row.area_id, row.township_id), users.get(row.reporter_id),
               local(row.created_at), units.get(row.unit_id), row.plan, row.deadline,
               STATUS_NAMES.get(row.status, row.status),
               _overdue_days(row.deadline, row.status, closed, today, cal), closed,
               SATISFACTION_NAMES.get(row.satisfaction))


def _csv_cell(value):
    """A value as CSV text: minutes-precision times, formula-looking text guarded."""
    if value is None:
        return ""
    if hasattr(value, "hour"):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_chunks(rows: Iterator[tuple], chunk_rows: int = 500) -> Iterator[bytes]:
    """UTF-8 CSV with a BOM and CRLF line ends, yielded in chunks."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    buf.write("\ufeff")
    writer.writerow(HEADERS)
    for i, row in enumerate(rows, 1):
        writer.writerow([_csv_cell(v) for v in row])
        if i % chunk_rows == 0:
            yield buf.getvalue().encode("utf-8")
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue().encode("utf-8")


def _xlsx_value(ws, value):
    """A value for a write-only sheet; text that looks like a formula stays text."""
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if value.startswith("="):
        cell = WriteOnlyCell(ws, value=value)
        cell.data_type = "s"
        return cell
    return value


def write_xlsx(rows: Iterator[tuple], target) -> None:
    """Write the ledger sheet in write-only (streaming) mode to a path or file."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("整改台账")
    for idx, (_, width) in enumerate(COLUMNS, 1):
        ws.column_dimensions[get_column_letter(idx)].width = width
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for name in HEADERS:
        cell = WriteOnlyCell(ws, value=name)
        cell.font = bold
        header.append(cell)
    ws.append(header)
    for row in rows:
        ws.append([_xlsx_value(ws, v) for v in row])
    wb.save(target)


def xlsx_file(rows: Iterator[tuple]):
    """The workbook in an anonymous temporary file, rewound for sending."""
    tmp = tempfile.TemporaryFile(suffix=".xlsx")
    try:
        write_xlsx(rows, tmp)
    except BaseException:
        tmp.close()
        raise
    tmp.seek(0)
    return tmp
