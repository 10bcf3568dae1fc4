"""月督导: overdue, returned twice or more, leader-led and flagged items of a month."""

import io

from openpyxl import load_workbook

URL = "/api/v1/reports/monthly?month="


def _get(client, auth, month="2026-11", fmt=""):
    """The monthly report, as JSON unless a format is given."""
    resp = client.get(URL + month + (f"&format={fmt}" if fmt else ""), headers=auth("office"))
    assert resp.status_code == 200, resp.get_json()
    return resp if fmt else resp.get_json()


def test_items_and_their_reasons(client, auth, ledger):
    body = _get(client, auth)
    reasons = {i["id"]: i["reasons"] for i in body["items"]}
    assert reasons == {ledger["A"]: ["overdue"], ledger["G"]: ["overdue", "leader_led"],
                       ledger["D"]: ["returned"], ledger["B"]: ["flagged"]}
    assert body["item_total"] == 4
    t = body["totals"]
    assert (t["overdue"], t["returned"], t["leader_led"], t["flagged"], t["any"]) == \
        (2, 1, 1, 1, 4)


def test_lines_carry_unit_and_working_days_overdue(client, auth, ledger):
    items = {i["id"]: i for i in _get(client, auth)["items"]}
    assert items[ledger["A"]]["unit_name"] == "住建局" and items[ledger["A"]]["overdue_days"] == 5
    late = items[ledger["D"]]
    assert late["status"] == "closed" and late["overdue_days"] == 4   # closed on 11-26
    assert late["return_count"] == 2
    assert items[ledger["B"]]["flags"] == ["照片与其他问题重复使用×1"]
    assert items[ledger["G"]]["leader_name"] == "王副市长"


def test_per_unit_counts(client, auth, ledger):
    units = {u["name"]: u for u in _get(client, auth)["units"]}
    assert set(units) == {"住建局", "城管局"}
    assert (units["住建局"]["overdue"], units["住建局"]["leader_led"], units["住建局"]["any"]) == \
        (2, 1, 2)
    assert (units["城管局"]["returned"], units["城管局"]["flagged"]) == (1, 1)


def test_a_past_month(client, auth, ledger):
    body = _get(client, auth, "2026-10")
    assert body["complete"] is True and body["item_total"] == 0 and body["items"] == []


def test_printable_page_and_workbook(client, auth, ledger):
    html = _get(client, auth, fmt="html").get_data(as_text=True)
    assert "2026年11月问题整改督导清单" in html
    for reason in ("逾期未销号", "多次退回", "领导领办", "存疑标记"):
        assert f"{reason}问题清单" in html
    assert "王副市长" in html and "<script" not in html.lower()
    wb = load_workbook(io.BytesIO(_get(client, auth, fmt="xlsx").data))
    assert wb.sheetnames == ["说明", "分单位统计", "督导清单", "丈量情况", "未到岗干部",
                             "超期未丈量区域"]
    rows = list(wb["督导清单"].iter_rows(min_row=3, values_only=True))
    assert len(rows) == 4 and {r[1] for r in rows} == {ledger[k] for k in "ADGB"}
