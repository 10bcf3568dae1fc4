"""The page layout of every workbook the product makes (the bulletins' in workbook.py,
the ledger export's in export.py).

Every sheet prints whole on A4: a title row, landscape, one page wide and as many
tall as it takes, the header row repeated on each page, wrapped and bordered cells,
page numbers in the footer. Dates and times are real Excel values in the local zone,
formatted yyyy-mm-dd and yyyy-mm-dd hh:mm.
"""

import io
from dataclasses import dataclass, field
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

_THIN = Side(style="thin", color="000000")
BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
TITLE_FONT = Font(bold=True, size=14)
HEAD_FONT = Font(bold=True)
HEAD_FILL = PatternFill("solid", fgColor="F2F2F2")
TITLE_ALIGN = Alignment(horizontal="center", vertical="center")
HEAD_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)
BODY_ALIGN = Alignment(vertical="top", wrap_text=True)
PCT = "0.00%"
DATE = "yyyy-mm-dd"
DATETIME = "yyyy-mm-dd hh:mm"
TITLE_HEIGHT = 30
LINE_HEIGHT = 15  # points per line of 11 pt text
A4 = 9  # paperSize code of A4 in SpreadsheetML
FOOTER = "第 &P 页，共 &N 页"


@dataclass
class Sheet:
    """A titled table: headers, rows, column widths and per-column number formats."""

    title: str
    headers: list[str]
    rows: list[list]
    widths: list[int] = field(default_factory=list)
    formats: dict[int, str] = field(default_factory=dict)
    caption: str = ""


def text_width(text: str) -> int:
    """Columns a text takes in a sheet: two for a Chinese character, one for ASCII.

    Counted from the UTF-8 length (three bytes for CJK and full-width signs, one for
    ASCII), which is fast enough for every cell of a long ledger.
    """
    return len(text) + (len(text.encode("utf-8")) - len(text)) // 2


def column_widths(headers, widths) -> list[float]:
    """The given widths, widened where a header would not fit on one line."""
    widths = list(widths) + [10] * (len(headers) - len(widths))
    return [max(w, text_width(h) + 3) for h, w in zip(headers, widths, strict=True)]


def _lines(text: str, width: float) -> int:
    """Lines a text takes when wrapped in a column of `width` (at least one)."""
    per_line = int(max(width * 0.95 - 1, 2))  # a Chinese character is about 2.1 units
    if "\n" not in text:
        return max(1, -(-text_width(text) // per_line))
    return sum(max(1, -(-text_width(part) // per_line)) for part in text.split("\n"))


def row_height(values, widths) -> float | None:
    """The height a row of wrapped text needs, or None when one line is enough.

    Spreadsheets do not grow rows to their wrapped text when they open a file (LibreOffice
    prints the lines over each other), so the height is written with the row.
    """
    lines = 1
    for value, width in zip(values, widths, strict=False):
        if isinstance(value, str) and (len(value) * 2 > width * 0.95 - 1 or "\n" in value):
            lines = max(lines, _lines(value, width))
    return lines * LINE_HEIGHT + 3 if lines > 1 else None


def print_layout(ws, columns: int, header_row: int) -> None:
    """Landscape A4, one page wide, the header row on every page, numbered pages."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.6, header=0.25,
                                  footer=0.3)
    ws.print_options.horizontalCentered = True
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.oddFooter.center.text = FOOTER
    ws.freeze_panes = f"A{header_row + 1}"
    ws.merged_cells.add(f"A1:{get_column_letter(max(columns, 1))}1")
    ws.row_dimensions[1].height = TITLE_HEIGHT


def set_widths(ws, widths) -> None:
    """Column widths, in Excel's units."""
    for col, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(col)].width = width


def value_format(value) -> str | None:
    """The number format a date or time needs (minutes, no seconds)."""
    if isinstance(value, datetime):
        return DATETIME
    if isinstance(value, date):
        return DATE
    return None


def clean(value):
    """Text without the control characters XLSX cannot hold; times without a zone."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    return value


def _put(ws, row: int, col: int, value):
    """Set a cell; text is never taken for a formula."""
    value = clean(value)
    cell = ws.cell(row=row, column=col, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def _write(ws, sheet: Sheet) -> None:
    """Fill one worksheet: title row, header row, boxed and wrapped cells, print layout."""
    _put(ws, 1, 1, sheet.caption or sheet.title)
    ws.cell(1, 1).font, ws.cell(1, 1).alignment = TITLE_FONT, TITLE_ALIGN
    for col, name in enumerate(sheet.headers, 1):
        cell = _put(ws, 2, col, name)
        cell.font, cell.border, cell.fill, cell.alignment = HEAD_FONT, BOX, HEAD_FILL, HEAD_ALIGN
    widths = column_widths(sheet.headers, sheet.widths)
    for r, row in enumerate(sheet.rows, 3):
        ws.row_dimensions[r].height = row_height(row, widths)
        for col in range(1, len(sheet.headers) + 1):
            value = row[col - 1] if col <= len(row) else None
            cell = _put(ws, r, col, value)
            cell.border, cell.alignment = BOX, BODY_ALIGN
            fmt = sheet.formats.get(col - 1) or value_format(value)
            if fmt:
                cell.number_format = fmt
    set_widths(ws, widths)
    print_layout(ws, len(sheet.headers), header_row=2)


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
