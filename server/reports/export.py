"""Export of the ledger (整改台账) with the list's filters, as streamed CSV or XLSX.

Rows are fetched in batches (`yield_per`, a server-side cursor on PostgreSQL) and
written as they come: CSV is a generator of UTF-8 bytes starting with a BOM so
Excel reads the Chinese correctly; XLSX uses openpyxl's write-only mode into a
temporary file, laid out to print like the bulletins' workbooks (sheets.py: a
title row, landscape A4 one page wide, the header row on every page, boxed and
wrapped cells, times as local yyyy-mm-dd hh:mm). Merged and rejected items are
left out unless the status filter names them or `include` asks for them. Text cells
that a spreadsheet could take for a formula are kept as text (CSV: a leading
apostrophe, the usual guard against formula injection).
"""

import csv
import io
import tempfile
from collections.abc import Iterator

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from sqlalchemy import select

from server.db_setup import reading
from server.extensions import db
from server.models import Area, Category, Item, Unit, User
from server.reports import sheets as book
from server.reports.calendar import current_calendar
from server.reports.labels import SATISFACTION_NAMES, STATUS_NAMES, localizer
from server.services.clock import local_now, local_today
from server.services.queries import SORTS, filter_conditions
from sync.project_cells import guard
from sync.workdays import overdue_working_days
from sync.workflow import judged_on

# (header, width, number format); the widths fit landscape A4 at about 80 %
COLUMNS = (("序号", 6, None), ("编号", 7, None), ("问题描述", 34, None), ("类别", 12, None),
           ("所在区域", 14, None), ("上报人", 9, None), ("上报时间", 17, book.DATETIME),
           ("责任单位", 14, None), ("整改措施", 24, None), ("整改时限", 12, book.DATE),
           ("状态", 9, None), ("逾期工作日", 8, None), ("销号时间", 17, book.DATETIME),
           ("群众满意度", 8, None))
HEADERS = tuple(name for name, _, _ in COLUMNS)
HIDDEN = ("merged", "rejected")  # left out unless asked for
_FIELDS = (Item.id, Item.description, Item.category, Item.area_id, Item.township_id,
           Item.reporter_id, Item.created_at, Item.unit_id, Item.plan, Item.deadline,
           Item.status, Item.closed_at, Item.satisfaction, Item.rectified_at)
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


def _overdue_days(deadline, status, closed, rectified, today, cal) -> int | None:
    """Working days past the deadline, to the day it is judged on (sync.workflow.judged_on):
    today while open, the rectification day while it waits for verification, the closing
    day after."""
    until = judged_on(status, today, rectified.date() if rectified else None,
                      closed.date() if closed else None)
    if deadline is None or until is None:
        return None
    return overdue_working_days(deadline, until, cal)


def hidden_conditions(filters: dict) -> list:
    """Merged and rejected items stay out unless the status filter or `include` names them."""
    if filters.get("status"):
        return []
    hidden = [s for s in HIDDEN if s not in (filters.get("include") or ())]
    return [Item.status.not_in(hidden)] if hidden else []


def ledger_rows(user, filters: dict) -> Iterator[tuple]:
    """The export's rows in the list's order, one tuple per item, fetched in batches.

    The query is built at once, while the caller's user is loaded; only the fetching
    waits for the response to be streamed.
    """
    stmt = (select(*_FIELDS).where(*filter_conditions(user, filters, whole=True),
                                   *hidden_conditions(filters))
            .order_by(*SORTS[filters.get("sort") or "-created_at"])
            .execution_options(yield_per=BATCH))
    return _rows(stmt)


def _rows(stmt) -> Iterator[tuple]:
    """The rows of the export statement with names, local times and overdue days, read
    in a read-only transaction: a download to a slow link holds no write lock."""
    with reading(db.session):
        yield from _read_rows(stmt)


def _read_rows(stmt) -> Iterator[tuple]:
    """The rows, as `_rows` gives them."""
    names = _lookups()
    categories, areas, users, units = (names[k] for k in ("categories", "areas", "users",
                                                           "units"))
    today, cal, local = local_today(), current_calendar(), localizer()
    for n, row in enumerate(db.session.execute(stmt), 1):
        closed = local(row.closed_at)
        yield (n, row.id, row.description, categories.get(row.category, row.category),
               _place(areas, row.area_id, row.township_id), users.get(row.reporter_id),
               local(row.created_at), units.get(row.unit_id), row.plan, row.deadline,
               STATUS_NAMES.get(row.status, row.status),
               _overdue_days(row.deadline, row.status, closed, local(row.rectified_at), today,
                             cal), closed,
               SATISFACTION_NAMES.get(row.satisfaction))


def _csv_cell(value):
    """A value as CSV text: minutes-precision times, formula-looking text guarded."""
    if value is None:
        return ""
    if hasattr(value, "hour"):
        return value.strftime("%Y-%m-%d %H:%M")
    return guard(value) if isinstance(value, str) else value


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


def _placed(cells, row_idx: int):
    """Put a row of ready cells in place (openpyxl's own path would first try each cell
    as a value and then replace it, markedly slower on a long ledger)."""
    for col, cell in enumerate(cells, 1):
        cell.row, cell.column = row_idx, col
        yield cell


class _Fixed(Cell):
    """A reused cell whose style never changes: its style id is looked up once, not for
    every row written."""

    __slots__ = ("style_id",)


class _Cells:
    """Styled write-only cells: one cell per column, reused row after row (a write-only
    sheet writes each cell out as soon as it is appended)."""

    def __init__(self, ws):
        self.ws = ws
        ws._values_to_row = _placed  # a speed-up only: without it openpyxl takes cells too
        head = self._style(book.HEAD_FONT, book.HEAD_ALIGN, fill=book.HEAD_FILL)
        self.head = [self.cell(name, head) for name in HEADERS]
        self.body = [self._fixed(self._style(None, book.BODY_ALIGN, fmt)) for _, _, fmt in COLUMNS]

    def cell(self, value=None, style=None) -> Cell:
        """A cell for `ws.append` (the sheet sets its row and column)."""
        return Cell(self.ws, row=1, column=1, value=value, style_array=style)

    def _fixed(self, style) -> _Fixed:
        """A body cell of one column, reused for every row."""
        cell = _Fixed(self.ws, row=1, column=1, style_array=style)
        cell.style_id = self.ws.parent._cell_styles.add(cell._style)
        return cell

    def _style(self, font, align, fmt=None, fill=None):
        """The style array of a bordered cell with the given font, alignment and format."""
        cell = self.cell()
        cell.border, cell.alignment = book.BOX, align
        if font is not None:
            cell.font = font
        if fill is not None:
            cell.fill = fill
        if fmt:
            cell.number_format = fmt
        return cell._style

    def title(self, text: str) -> list:
        """The title row: one large bold cell, merged across the columns."""
        cell = self.cell(text)
        cell.font, cell.alignment = book.TITLE_FONT, book.TITLE_ALIGN
        return [cell]

    def header(self) -> list:
        """The header row."""
        return self.head

    def row(self, values) -> list:
        """One ledger row in the reused cells; text stays text even when it looks like a
        formula."""
        for value, cell in zip(values, self.body, strict=True):
            if isinstance(value, str):
                cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
                cell.data_type = "s"
            else:
                cell.value = value  # the ledger's times are naive local already
        return self.body


def title() -> str:
    """The ledger sheet's title row, with the time of the export."""
    now = local_now()
    return f"整改台账（{now.year}年{now.month}月{now.day}日{now:%H:%M}导出）"


def write_xlsx(rows: Iterator[tuple], target) -> None:
    """Write the ledger sheet in write-only (streaming) mode to a path or file."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("整改台账")
    widths = book.column_widths(HEADERS, [w for _, w, _ in COLUMNS])
    book.set_widths(ws, widths)
    book.print_layout(ws, len(COLUMNS), header_row=2)
    cells = _Cells(ws)
    ws.append(cells.title(title()))
    ws.append(cells.header())
    for n, row in enumerate(rows, 3):
        height = book.row_height(row, widths)
        if height:  # written with the row, then forgotten (the sheet streams)
            ws.row_dimensions[n].height = height
        ws.append(cells.row(row))
        if height:
            del ws.row_dimensions[n]
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
