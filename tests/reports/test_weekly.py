"""周通报: the counts of the scenario week, their agreement with the ledger list, the formats."""

import io
from datetime import date

from openpyxl import load_workbook
from sqlalchemy import select

from server.extensions import db
from server.models import Area, Item
from server.services.users import create_user
from tests.factories import PASSWORD
from tests.reports import scenario
from tests.reports.scenario import at

URL = "/api/v1/reports/weekly?week="
OPEN = "status=new&status=assigned&status=rectified&status=long_term"


def _get(client, auth, week="2026-W48", user="office", fmt=""):
    """The weekly report, as JSON unless a format is given."""
    resp = client.get(URL + week + (f"&format={fmt}" if fmt else ""), headers=auth(user))
    assert resp.status_code == 200, resp.get_json()
    return resp if fmt else resp.get_json()


def _row(rows, name):
    """The row of a unit or township by name."""
    return next(r for r in rows if r["name"] == name)


def _pick(row, *keys):
    """Some measures of a row."""
    return {k: row[k] for k in keys}


def test_counts_per_unit(client, auth, ledger):
    body = _get(client, auth)
    assert body["period"] == "2026-W48" and body["asof"] == "2026-11-27"
    assert body["complete"] is False
    keys = ("new", "assigned", "rectified", "closed", "closed_on_time", "open", "overdue",
            "verified", "returned", "unsatisfied")
    got = {name: [_row(body["units"], name)[k] for k in keys] for name in ("住建局", "城管局")}
    assert got == {"住建局": [0, 0, 1, 1, 1, 2, 2, 1, 0, 0],
                   "城管局": [1, 1, 1, 1, 0, 1, 0, 3, 2, 1]}
    assert _pick(_row(body["units"], "未交办"), "new", "open") == {"new": 2, "open": 2}
    t = body["totals"]
    assert _pick(t, "new", "closed", "open", "overdue", "verified", "returned") == \
        {"new": 3, "closed": 2, "open": 5, "overdue": 2, "verified": 4, "returned": 2}
    assert t["on_time_rate"] == 0.5 and t["satisfaction_rate"] == 0.75
    assert _row(body["units"], "城管局")["satisfaction_rate"] == 0.6667
    assert "按期销号1个" in body["summary"] and "逾期2个" in body["summary"]


def test_counts_per_township(client, auth, ledger):
    towns = _get(client, auth)["townships"]
    assert [t["name"] for t in towns] == ["龙湖镇", "郭店镇"]
    assert _pick(towns[0], "new", "open", "overdue", "closed") == \
        {"new": 2, "open": 4, "overdue": 2, "closed": 2}
    assert _pick(towns[1], "new", "open", "overdue") == {"new": 1, "open": 1, "overdue": 0}


def test_overdue_list_with_working_days(client, auth, ledger):
    body = _get(client, auth)
    items = body["overdue_items"]
    assert [i["id"] for i in items] == [ledger["A"], ledger["G"]]
    assert [i["overdue_days"] for i in items] == [5, 1]
    assert items[1]["leader_led"] and items[1]["leader_name"] == "王副市长"
    assert items[0]["unit_name"] == "住建局" and items[0]["township_name"] == "龙湖镇"
    assert body["overdue_total"] == 2


def _list_total(client, auth, query):
    """The ledger list's total for a query string."""
    resp = client.get(f"/api/v1/items?{query}", headers=auth("office"))
    assert resp.status_code == 200, resp.get_json()
    return resp.get_json()["total"]


def test_bulletin_agrees_with_the_ledger_list(client, auth, ledger, org):
    body = _get(client, auth)
    for row in body["units"]:
        if row["id"] is None:
            continue
        assert row["overdue"] == _list_total(client, auth, f"unit_id={row['id']}&overdue=true")
        assert row["open"] == _list_total(client, auth, f"unit_id={row['id']}&{OPEN}")
    for row in body["townships"]:
        assert row["overdue"] == _list_total(client, auth, f"area_id={row['id']}&overdue=true")
        assert row["open"] == _list_total(client, auth, f"area_id={row['id']}&{OPEN}")
    assert body["totals"]["overdue"] == _list_total(client, auth, "overdue=true")
    assert body["totals"]["open"] == _list_total(client, auth, OPEN)
    listed = client.get("/api/v1/items?overdue=true&sort=deadline", headers=auth("office"))
    assert [i["id"] for i in listed.get_json()["items"]] == \
        [i["id"] for i in body["overdue_items"]]
    assert body["units"][-1]["open"] == _list_total(client, auth, "status=new")


def test_a_past_week_is_counted_as_it_stood(client, auth, ledger):
    body = _get(client, auth, "2026-W47")
    assert body["complete"] is True and body["asof"] == "2026-11-22"
    t = body["totals"]
    # G reported on 11-16; at the end of 11-22 A and D (deadline 11-20) were open and late
    assert (t["new"], t["assigned"], t["overdue"], t["closed"]) == (1, 1, 2, 0)
    assert {i["id"] for i in body["overdue_items"]} == {ledger["A"], ledger["D"]}
    assert all(i["overdue_days"] == 0 for i in body["overdue_items"])  # 11-21/22 weekend


def test_closing_day_is_local_not_utc(client, auth, org, app):
    # closed at 00:30 on 11-26 Beijing time (11-25 16:30 UTC) against a deadline of 11-25
    with app.app_context():
        with at(11, 16):
            late = scenario.new(org, "A", "桥头护栏松动")
            scenario.assign(org, late, "住建局", date(2026, 11, 25))
            on_time = scenario.new(org, "B", "路灯不亮")
            scenario.assign(org, on_time, "住建局", date(2026, 11, 25))
        with at(11, 25, 20):
            scenario.rectify(org, late, "handler")
            scenario.rectify(org, on_time, "handler")
        with at(11, 25, 23, 59):
            scenario.verify(org, on_time, "accept", "satisfied")
        with at(11, 26, 0, 30):
            scenario.verify(org, late, "accept", "satisfied")
    row = _row(_get(client, auth)["units"], "住建局")
    assert (row["closed"], row["closed_on_time"]) == (2, 1)


def test_township_office_sees_only_its_township(client, auth, ledger, app):
    with app.app_context():
        town = db.session.execute(select(Area.id).where(Area.name == "郭店镇")).scalar_one()
        create_user("guodian", PASSWORD, ["office"], "郭店镇办", township_id=town)
        db.session.commit()
    body = _get(client, auth, user="guodian")
    assert body["totals"]["new"] == 1 and body["totals"]["open"] == 1
    assert body["totals"]["closed"] == 0 and body["totals"]["verified"] == 0
    assert [t["name"] for t in body["townships"]] == ["郭店镇"]


def test_printable_page(client, auth, ledger):
    resp = _get(client, auth, fmt="html")
    assert resp.mimetype == "text/html"
    assert "default-src 'none'" in resp.headers["Content-Security-Policy"]
    html = resp.get_data(as_text=True)
    assert "关于2026年第48周问题整改情况的通报" in html
    assert "各责任单位整改情况" in html and "住建局" in html and "逾期未销号问题清单" in html
    assert "<script" not in html.lower() and "<link" not in html.lower()
    assert html.count("<style>") == 1 and "@page { size: A4 portrait" in html
    assert "style-src 'sha256-" in resp.headers["Content-Security-Policy"]
    assert "'self'" not in resp.headers["Content-Security-Policy"].split(";")[1]
    assert "本期统计周期尚未结束" in html


def test_page_escapes_what_people_typed(client, auth, ledger, app):
    with app.app_context():
        db.session.get(Item, ledger["A"]).description = "<script>alert('井盖')</script>"
        db.session.commit()
    html = _get(client, auth, fmt="html").get_data(as_text=True)
    assert "<script>" not in html and "&lt;script&gt;alert(" in html


def test_workbook(client, auth, ledger):
    resp = _get(client, auth, fmt="xlsx")
    assert resp.mimetype.endswith("spreadsheetml.sheet")
    assert "filename*=UTF-8''" in resp.headers["Content-Disposition"]
    wb = load_workbook(io.BytesIO(resp.data))
    assert wb.sheetnames == ["说明", "责任单位", "乡镇（街道）", "逾期清单", "丈量情况",
                             "未到岗干部", "超期未丈量区域"]
    units = {row[0]: row for row in wb["责任单位"].iter_rows(min_row=3, values_only=True)}
    assert units["住建局"][8] == 2 and units["合计"][1] == 3       # 逾期, 新增
    overdue = list(wb["逾期清单"].iter_rows(min_row=3, values_only=True))
    assert [r[1] for r in overdue] == [ledger["A"], ledger["G"]]
    assert [r[7] for r in overdue] == [5, 1]


def test_empty_week_is_all_zero(client, auth, org):
    body = _get(client, auth, "2026-W40")
    assert body["totals"]["new"] == 0 and body["overdue_items"] == []
    assert body["totals"]["on_time_rate"] is None
    assert _get(client, auth, "2026-W40", fmt="html").status_code == 200
    assert _get(client, auth, "2026-W40", fmt="xlsx").status_code == 200
