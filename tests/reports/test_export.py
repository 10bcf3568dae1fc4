"""Export of the ledger: the list's filters, the 台账 columns, CSV with BOM, streamed XLSX.

Merged and rejected items are exported only when the status filter names them or
`include` asks for them; the layout for print is checked in test_workbook_layout.py.
"""

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from server.extensions import db
from server.models import Item
from tests.reports.scenario import assign, at, new, rectify

HEADERS = ["序号", "编号", "问题描述", "类别", "所在区域", "上报人", "上报时间", "责任单位",
           "整改措施", "整改时限", "状态", "逾期工作日", "销号时间", "群众满意度"]
SHOWN = "status=new&status=assigned&status=rectified&status=long_term&status=closed"
EVERY = SHOWN + "&status=merged&status=rejected"
FILTERS = ["", "status=closed", "status=new&status=assigned", "overdue=true", "overdue=false",
           "unit_id=1", "q=公交", "category=infrastructure", "leader_led=true", "flagged=true",
           "sort=deadline&status=assigned", "area_id=1", "category=health"]


def _export(client, auth, query, fmt, user="office"):
    """The export response for a query string."""
    sep = "&" if query else ""
    resp = client.get(f"/api/v1/items/export?format={fmt}{sep}{query}", headers=auth(user))
    resp.get_data()
    resp.close()  # releases the temporary file, as a WSGI server does
    return resp


def _csv_rows(resp) -> list[list[str]]:
    """The CSV body as rows, checking the BOM."""
    data = resp.data
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def _xlsx_rows(resp) -> list[tuple]:
    """The workbook's only sheet as value tuples, from the header row on (after the title)."""
    wb = load_workbook(io.BytesIO(resp.data), read_only=True)
    assert wb.sheetnames == ["整改台账"]
    rows = list(wb["整改台账"].iter_rows(values_only=True))
    wb.close()
    assert rows[0][0] == "整改台账（2026年11月27日10:00导出）"
    return rows[1:]


def _total(client, auth, query):
    """The ledger list's total for the same filters."""
    resp = client.get(f"/api/v1/items?{query}", headers=auth("office"))
    assert resp.status_code == 200, resp.get_json()
    return resp.get_json()["total"]


def _and(query: str, statuses: str) -> str:
    """The query with the given status filter, unless it has one of its own."""
    if "status=" in query:
        return query
    return f"{query}&{statuses}" if query else statuses


@pytest.mark.parametrize("query", FILTERS)
def test_row_count_equals_the_list_total(client, auth, ledger, query):
    total = _total(client, auth, _and(query, SHOWN))
    rows = _csv_rows(_export(client, auth, query, "csv"))
    assert rows[0] == HEADERS and len(rows) - 1 == total
    xrows = _xlsx_rows(_export(client, auth, query, "xlsx"))
    assert list(xrows[0]) == HEADERS and len(xrows) - 1 == total


@pytest.mark.parametrize("include,shown", [
    ("", ""), ("merged", "H"), ("rejected", "F"), ("merged,rejected", "FH"),
    ("rejected,merged", "FH")])
def test_merged_and_rejected_only_on_request(client, auth, ledger, include, shown):
    query = f"include={include}" if include else ""
    for fmt, read in (("csv", _csv_rows), ("xlsx", _xlsx_rows)):
        ids = {int(r[1]) for r in read(_export(client, auth, query, fmt))[1:]}
        assert ids >= {ledger[k] for k in "ABCDEGI"}
        assert ids & {ledger["F"], ledger["H"]} == {ledger[k] for k in shown}
    everything = _csv_rows(_export(client, auth, "include=merged,rejected", "csv"))
    assert len(everything) - 1 == _total(client, auth, EVERY)


def test_a_status_filter_names_them_itself(client, auth, ledger):
    rows = _csv_rows(_export(client, auth, "status=rejected&status=merged", "csv"))
    assert sorted(int(r[1]) for r in rows[1:]) == sorted([ledger["F"], ledger["H"]])
    assert _export(client, auth, "include=closed", "csv").status_code == 422


def test_rows_follow_the_list_order(client, auth, ledger):
    listed = client.get(f"/api/v1/items?sort=deadline&per_page=200&{SHOWN}",
                        headers=auth("office"))
    ids = [i["id"] for i in listed.get_json()["items"]]
    rows = _csv_rows(_export(client, auth, "sort=deadline", "csv"))
    assert [int(r[1]) for r in rows[1:]] == ids
    assert [int(r[0]) for r in rows[1:]] == list(range(1, len(ids) + 1))


def test_columns_hold_the_ledger(client, auth, ledger):
    rows = {int(r[1]): dict(zip(HEADERS, r, strict=True))
            for r in _csv_rows(_export(client, auth, "", "csv"))[1:]}
    a, d, c = rows[ledger["A"]], rows[ledger["D"]], rows[ledger["C"]]
    assert a["问题描述"] == "郭老庄村口窨井盖缺失" and a["类别"] == "城乡基础设施建设"
    assert a["所在区域"] == "龙湖镇郭老庄" and a["上报人"] == "cadre"
    assert a["上报时间"] == "2026-11-02 10:00" and a["责任单位"] == "住建局"
    assert a["整改措施"] == "立即组织整改" and a["整改时限"] == "2026-11-20"
    assert a["状态"] == "整改中" and a["逾期工作日"] == "5" and a["销号时间"] == ""
    assert d["状态"] == "已销号" and d["逾期工作日"] == "4" and d["群众满意度"] == "基本满意"
    assert d["销号时间"] == "2026-11-26 10:00"
    assert c["逾期工作日"] == "0" and c["群众满意度"] == "满意"
    assert rows[ledger["E"]]["状态"] == "待交办" and rows[ledger["E"]]["逾期工作日"] == ""


def test_xlsx_cells_are_typed(client, auth, ledger):
    rows = {r[1]: r for r in _xlsx_rows(_export(client, auth, "", "xlsx"))[1:]}
    a = rows[ledger["A"]]
    assert a[9].date().isoformat() == "2026-11-20" and a[11] == 5
    assert a[6].strftime("%Y-%m-%d %H:%M") == "2026-11-02 10:00"


def test_formula_looking_text_stays_text(client, auth, ledger, app):
    with app.app_context():
        db.session.get(Item, ledger["E"]).description = "=HYPERLINK(\"http://x\",\"点我\")"
        db.session.get(Item, ledger["B"]).description = "+1 公交站台\x07顶棚破损"
        db.session.commit()
    rows = {int(r[1]): r for r in _csv_rows(_export(client, auth, "", "csv"))[1:]}
    assert rows[ledger["E"]][2].startswith("'=HYPERLINK")
    assert rows[ledger["B"]][2].startswith("'+1")
    wb = load_workbook(io.BytesIO(_export(client, auth, "", "xlsx").data))
    cells = {r[1].value: r[2] for r in wb["整改台账"].iter_rows(min_row=3)}
    assert cells[ledger["E"]].data_type == "s"
    assert cells[ledger["E"]].value.startswith("=HYPERLINK")
    assert cells[ledger["B"]].value == "+1 公交站台顶棚破损"


def test_download_headers(client, auth, ledger):
    resp = _export(client, auth, "", "csv")
    assert resp.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "filename*=UTF-8''%E6%95%B4%E6%94%B9%E5%8F%B0%E8%B4%A6_20261127.csv" in \
        resp.headers["Content-Disposition"]
    resp = _export(client, auth, "", "xlsx")
    assert resp.mimetype.endswith("spreadsheetml.sheet") and resp.headers["Content-Disposition"]


def test_empty_export_has_the_header(client, auth, org):
    assert _csv_rows(_export(client, auth, "", "csv")) == [HEADERS]
    assert [list(r) for r in _xlsx_rows(_export(client, auth, "", "xlsx"))] == [HEADERS]


def test_many_rows_cross_batches(client, auth, org, app):
    with app.app_context():
        for n in range(2100):
            db.session.add(Item(status="new", category="other", description=f"批量问题{n}",
                                area_id=org.areas["郭老庄"], township_id=org.areas["龙湖镇"]))
        db.session.commit()
    assert len(_csv_rows(_export(client, auth, "", "csv"))) == 2101
    assert len(_xlsx_rows(_export(client, auth, "category=other", "xlsx"))) == 2101


@pytest.mark.parametrize("query,code", [
    ("bogus=1", "validation_failed"), ("page=2", "validation_failed"),
    ("per_page=10", "validation_failed"), ("status=open", "validation_failed"),
    ("unit_id=abc", "validation_failed"),
])
def test_bad_filters_are_refused(client, auth, org, query, code):
    resp = _export(client, auth, query, "csv")
    assert resp.status_code == 422 and resp.get_json()["error"]["code"] == code


def test_format_is_required_and_checked(client, auth, org):
    for url in ("/api/v1/items/export", "/api/v1/items/export?format=pdf"):
        resp = client.get(url, headers=auth("office"))
        assert resp.status_code == 422
        assert resp.get_json()["error"]["code"] == "validation_failed"


@pytest.mark.parametrize("user,status", [("office", 200), ("supervisor", 200), ("admin", 200),
                                         ("cadre", 403), ("handler", 403)])
def test_who_may_export(client, auth, org, user, status):
    resp = _export(client, auth, "", "csv", user)
    assert resp.status_code == status
    if status == 403:
        assert resp.get_json()["error"]["code"] == "forbidden"


def test_export_needs_a_login(client, org):
    resp = client.get("/api/v1/items/export?format=csv")
    assert resp.status_code == 401 and resp.get_json()["error"]["code"] == "unauthorized"


def test_waiting_for_verification_counts_to_the_rectification_day(client, auth, app, org):
    """逾期工作日 and the overdue filter judge an item waiting for verification on the
    (local) day it was rectified: 07:30 in Beijing is still the day before in UTC."""
    with app.app_context():
        with at(11, 10):
            on_time, late = new(org, "A", "游园路灯不亮"), new(org, "C", "村口垃圾堆放")
            for item_id in (on_time, late):
                assign(org, item_id, "住建局", date(2026, 11, 23))
        with at(11, 23, 7, 30):
            rectify(org, on_time, "handler")
        with at(11, 24, 7, 30):
            rectify(org, late, "handler")
    rows = {int(r[1]): dict(zip(HEADERS, r, strict=True))
            for r in _csv_rows(_export(client, auth, "", "csv"))[1:]}
    assert rows[on_time]["状态"] == rows[late]["状态"] == "待验收"
    assert rows[on_time]["逾期工作日"] == "0" and rows[late]["逾期工作日"] == "1"
    listed = client.get("/api/v1/items?overdue=true", headers=auth("office")).get_json()
    assert [i["id"] for i in listed["items"]] == [late]
    assert client.get(f"/api/v1/items/{on_time}", headers=auth("office")
                      ).get_json()["overdue"] is False
