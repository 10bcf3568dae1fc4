"""The 民生实事台账 as a file: CSV (UTF-8 with a BOM) or an XLSX that prints on A4.

Both carry the layout of sync/project_rows.py, the one the import reads, so the office
can export, keep or edit, and import again. The workbook is laid out like every other
(sheets.py: a title row, landscape A4 one page wide, the header row on every page,
boxed and wrapped cells, real dates and numbers); its text cells are text, never
formulas. In the CSV a text a spreadsheet could take for a formula gets a leading
apostrophe, which the import takes off again (sync.project_cells.guard / unguard).
"""

import csv
import io
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

from server.reports import sheets as book
from server.services.clock import local_now
from sync import project_cells
from sync.project_rows import LAYOUT

HEADERS = [name for _, name in LAYOUT]
# widths in Excel's units, in the layout's order: about 80 % on landscape A4
WIDTHS = {"seq": 5, "batch": 7, "name": 24, "category": 16, "unit": 14, "leader": 9,
          "total": 11, "done": 11, "start": 11, "due": 11, "milestones": 30, "area": 13,
          "status": 7, "percent": 7, "reason": 14}
_MONEY = "0.00"
FORMATS = {i: _MONEY for i, (key, _) in enumerate(LAYOUT) if key in ("total", "done")}


def title() -> str:
    """The sheet's title row, with the time of the export."""
    now = local_now()
    return f"民生实事项目台账（{now.year}年{now.month}月{now.day}日{now:%H:%M}导出）"


def _csv_cell(value):
    """A value as CSV text: dates as 2026-03-01, money with its cents, text guarded."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, str):
        return project_cells.guard(value)
    return value


def csv_chunks(rows: list[list]) -> Iterator[bytes]:
    """UTF-8 CSV with a BOM and CRLF line ends (no title row: the header comes first)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    buf.write("\ufeff")
    writer.writerow(HEADERS)
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])
    yield buf.getvalue().encode("utf-8")


def workbook(rows: list[list]) -> io.BytesIO:
    """The ledger's workbook, rewound for sending."""
    sheet = book.Sheet(title="民生实事项目", caption=title(), headers=HEADERS, rows=rows,
                       widths=[WIDTHS[key] for key, _ in LAYOUT], formats=FORMATS)
    return book.build([sheet])
