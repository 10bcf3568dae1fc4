"""The page layout every workbook carries (#18 point 11), read back with openpyxl.

Each sheet of the ledger export and of the 周通报, 月督导 and 季排名 workbooks: a title
row merged over the table, landscape A4 fitted one page wide (any number of pages
tall), the header row repeated on every page, page numbers, bold boxed headers,
boxed wrapped cells, rows as tall as their wrapped text, local dates and times with
Excel number formats. test_print_pdf.py prints them to check the result on paper.
"""

import io
from datetime import date, datetime

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from server.extensions import db
from server.models import Item
from server.reports.sheets import text_width

BOOKS = {
    "ledger": "/api/v1/items/export?format=xlsx",
    "weekly": "/api/v1/reports/weekly?week=2026-W48&format=xlsx",
    "monthly": "/api/v1/reports/monthly?month=2026-11&format=xlsx",
    "ranking": "/api/v1/reports/ranking?quarter=2026-Q4&format=xlsx",
}


def _book(client, auth, name):
    """A workbook as the office downloads it (styles and page setup loaded)."""
    resp = client.get(BOOKS[name], headers=auth("office"))
    assert resp.status_code == 200, resp.get_data(as_text=True)
    wb = load_workbook(io.BytesIO(resp.get_data()))
    resp.close()
    return wb


def _headers(ws) -> list[str]:
    """The header row (row 2)."""
    return [c.value for c in ws[2] if c.value is not None]


@pytest.mark.parametrize("name", BOOKS)
def test_every_sheet_prints_landscape_a4_one_page_wide(client, auth, ledger, name):
    for ws in _book(client, auth, name).worksheets:
        setup = ws.page_setup
        assert setup.orientation == "landscape" and int(setup.paperSize) == 9, ws.title
        assert int(setup.fitToWidth) == 1 and int(setup.fitToHeight) == 0, ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True, ws.title
        assert ws.print_title_rows == "$2:$2", ws.title
        assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text
        assert ws.freeze_panes == "A3"


@pytest.mark.parametrize("name", BOOKS)
def test_title_row_then_bold_boxed_header_row(client, auth, ledger, name):
    for ws in _book(client, auth, name).worksheets:
        columns = len(_headers(ws))
        assert ws["A1"].value and ws["A1"].font.b and ws["A1"].font.sz >= 14
        assert f"A1:{get_column_letter(columns)}1" in {str(r) for r in ws.merged_cells.ranges}
        for cell in ws[2][:columns]:
            assert cell.font.b and cell.border.left.style == "thin", (ws.title, cell.value)
            width = ws.column_dimensions[cell.column_letter].width
            assert width >= text_width(cell.value) + 2, (ws.title, cell.value, width)


@pytest.mark.parametrize("name", BOOKS)
def test_body_cells_are_boxed_and_wrapped(client, auth, ledger, name):
    seen = 0
    for ws in _book(client, auth, name).worksheets:
        columns = len(_headers(ws))
        for row in ws.iter_rows(min_row=3, max_col=columns):
            for cell in row:
                assert cell.border.top.style == "thin", (ws.title, cell.coordinate)
                assert cell.alignment.wrap_text, (ws.title, cell.coordinate)
                seen += 1
    assert seen


def test_rows_are_as_tall_as_their_wrapped_text(client, auth, ledger, app):
    long = "幸福路与人民路交叉口排水沟堵塞，雨后污水漫溢到路面和农户院内，" * 4
    with app.app_context():
        db.session.get(Item, ledger["A"]).description = long
        db.session.get(Item, ledger["E"]).category = "other"  # 其他: every cell on one line
        b = db.session.get(Item, ledger["B"])
        b.category, b.description, b.plan = "other", "站台\n顶棚\n破损", "修"
        db.session.commit()
    ws = _book(client, auth, "ledger").worksheets[0]
    heights = {row[1].value: ws.row_dimensions[row[1].row].height
               for row in ws.iter_rows(min_row=3)}
    assert heights[ledger["A"]] >= 4 * 15, "four lines or more"
    assert heights[ledger["E"]] is None, "a one-line row keeps the default height"
    assert heights[ledger["B"]] == 3 * 15 + 3, "lines the text breaks itself count too"


def test_ledger_times_are_local_excel_dates(client, auth, ledger):
    ws = _book(client, auth, "ledger").worksheets[0]
    assert _headers(ws)[6] == "上报时间" and _headers(ws)[9] == "整改时限"
    rows = {r[1].value: r for r in ws.iter_rows(min_row=3)}
    a, d = rows[ledger["A"]], rows[ledger["D"]]
    assert a[6].value == datetime(2026, 11, 2, 10, 0) and a[6].number_format == "yyyy-mm-dd hh:mm"
    assert a[9].value.date() == date(2026, 11, 20) and a[9].number_format == "yyyy-mm-dd"
    assert d[12].value == datetime(2026, 11, 26, 10, 0)
    assert d[12].number_format == "yyyy-mm-dd hh:mm"


def test_working_days_overdue_are_named_so_everywhere(client, auth, ledger):
    for name in BOOKS:
        for ws in _book(client, auth, name).worksheets:
            headers = _headers(ws)
            assert "逾期天数" not in headers, (name, ws.title)
    ledger_headers = _headers(_book(client, auth, "ledger").worksheets[0])
    assert "逾期工作日" in ledger_headers
    assert "逾期工作日" in _headers(_book(client, auth, "weekly")["逾期清单"])
    assert "逾期工作日" in _headers(_book(client, auth, "monthly")["督导清单"])


def test_deadlines_in_the_bulletin_lists_are_dates(client, auth, ledger):
    ws = _book(client, auth, "weekly")["逾期清单"]
    deadlines = [r[6] for r in ws.iter_rows(min_row=3)]
    assert deadlines and all(c.number_format == "yyyy-mm-dd" for c in deadlines)
    assert all(c.is_date for c in deadlines)


def test_include_is_documented(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    params = {p["name"] for p in paths["/api/v1/items/export"]["get"]["parameters"]}
    assert "include" in params
