"""The 民生实事台账 exported over HTTP, and the round trip: a ledger exported as XLSX or
CSV and imported into an empty ledger gives the same projects.

Also the export's filters and scope (those of the project list), the CSV's BOM and
formula guard, the workbook's text cells and A4 page setup (printed in
tests/reports/test_project_sheet_print.py).
"""

import csv
import io
from datetime import datetime

import pytest
from openpyxl import load_workbook
from sqlalchemy import delete

from server.extensions import db
from server.models import Milestone, Project, ProjectProgress
from tests.api.project_sheet_data import EXPORT, later, post, projects

DUE = later(400)


def make(client, auth, org, **kw) -> dict:
    """A project created by hand in the console (住建局's unless told)."""
    body = {"name": "西关桥改建工程", "batch": 1, "category": "infrastructure",
            "unit_id": org.units["住建局"], "investment_total_wan": 17600,
            "due": DUE.isoformat(), **kw}
    resp = client.post("/api/v1/projects", json=body, headers=auth("office"))
    assert resp.status_code == 201, resp.get_json()
    return resp.get_json()


def ledger(client, auth, org) -> None:
    """Projects of every shape the layout carries."""
    bridge = make(client, auth, org, leader="王市长", leader_led=True,
                  investment_done_wan="12200.5", start="2021-03-01",
                  area_id=org.areas["郭老庄"], milestones=[
                      {"name": "立项", "due": "2021-03-01", "done_on": "2021-02-26"},
                      {"name": "主体完工；桥面", "due": later(100).isoformat()}])
    make(client, auth, org, name="=HYPERLINK(\"http://evil\")", batch=2, category="health",
         unit_id=org.units["城管局"], investment_total_wan="40575.06",
         area_id=org.areas["龙湖镇"], leader_led=True)
    make(client, auth, org, name="-城墙口游园", batch=3, category="other",
         investment_total_wan=760, investment_done_wan=800, over_budget_reason="增加夜景照明",
         milestones=[])
    assert client.post(f"/api/v1/projects/{bridge['id']}/progress", headers=auth("office"),
                       json={"text": "主桥合龙", "percent": 35}).status_code == 201


def fingerprint(p: dict) -> tuple:
    """What the sheet carries of a project."""
    keys = ("name", "batch", "category", "unit_id", "leader", "leader_led",
            "investment_total_wan", "investment_done_wan", "over_budget_reason", "start",
            "due", "status", "percent", "area_id")
    return tuple(p[k] for k in keys) + (
        tuple((m["name"], m["due"], m["done_on"]) for m in p["milestones"]),)


def _empty_ledger(app) -> None:
    """Delete every project, as in a new deployment."""
    with app.app_context():
        for model in (ProjectProgress, Milestone, Project):
            db.session.execute(delete(model))
        db.session.commit()


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_round_trip_export_then_import_into_an_empty_ledger(app, client, auth, org, fmt):
    ledger(client, auth, org)
    before = sorted(fingerprint(p) for p in projects(client, auth))
    resp = client.get(EXPORT, query_string={"format": fmt}, headers=auth("office"))
    assert resp.status_code == 200
    _empty_ledger(app)
    back = post(client, auth, resp.get_data(), f"台账.{fmt}")
    assert back.status_code == 201, back.get_json()
    after = sorted(fingerprint(p) for p in projects(client, auth))
    milestones = [m for f in before for m in f[-1]]
    assert ("主体完工；桥面", later(100).isoformat(), None) in milestones, "a ； in a name"
    before = [f[:-1] + (tuple((n.replace("；", "，"), d, o) for n, d, o in f[-1]),)
              for f in before]
    assert after == before


def test_the_csv_has_a_bom_and_guards_formulas(client, auth, org):
    ledger(client, auth, org)
    resp = client.get(EXPORT, query_string={"format": "csv"}, headers=auth("office"))
    assert resp.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in resp.headers["Content-Disposition"]
    data = resp.get_data()
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\r\n") >= 4
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["序号", "批次", "项目名称", "类别", "责任单位", "领办领导",
                       "总投资（万元）", "已完成投资（万元）", "计划开工", "计划完成", "节点",
                       "所在区域", "状态", "完成进度（%）", "超支原因"]
    assert [r[2] for r in rows[1:]] == ["西关桥改建工程", "'=HYPERLINK(\"http://evil\")",
                                        "'-城墙口游园"]
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    assert rows[1] == ["1", "第一批", "西关桥改建工程", "城乡基础设施建设", "住建局", "王市长",
                       "17600.00", "12200.50", "2021-03-01", DUE.isoformat(),
                       "立项 2021-03-01（已完成 2021-02-26）；\n主体完工，桥面 "
                       f"{later(100).isoformat()}", "龙湖镇郭老庄", "在建", "35", ""]


def test_the_workbook_keeps_text_as_text_and_prints_on_a4(client, auth, org):
    ledger(client, auth, org)
    resp = client.get(EXPORT, query_string={"format": "xlsx"}, headers=auth("office"))
    wb = load_workbook(io.BytesIO(resp.get_data()))
    ws = wb.active
    assert ws["A1"].value.startswith("民生实事项目台账") and ws["C2"].value == "项目名称"
    names = {ws.cell(r, 3).value: ws.cell(r, 3) for r in range(3, ws.max_row + 1)}
    assert names["=HYPERLINK(\"http://evil\")"].data_type == "s"
    assert isinstance(ws["J3"].value, datetime) and ws["G3"].number_format == "0.00"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    assert ws.page_setup.fitToHeight == 0 and ws.print_title_rows == "$2:$2"


def _exported_names(client, auth, user, **query) -> list[str]:
    """The project names in `user`'s CSV export with the given filters."""
    resp = client.get(EXPORT, query_string={"format": "csv", **query}, headers=auth(user))
    assert resp.status_code == 200, resp.get_json()
    rows = list(csv.reader(io.StringIO(resp.get_data().decode("utf-8-sig"))))
    return [r[2] for r in rows[1:]]


def test_the_export_takes_the_lists_filters_and_scope(client, auth, org):
    ledger(client, auth, org)
    everything = ["西关桥改建工程", "'=HYPERLINK(\"http://evil\")", "'-城墙口游园"]
    assert _exported_names(client, auth, "office") == everything
    assert _exported_names(client, auth, "office", batch=2) == everything[1:2]
    assert _exported_names(client, auth, "office", status="in_progress") == everything[:1]
    assert _exported_names(client, auth, "office", leader_led="true") == everything[:2]
    assert _exported_names(client, auth, "office", q="西关") == everything[:1]
    assert _exported_names(client, auth, "handler") == [everything[0], everything[2]]
    assert _exported_names(client, auth, "handler2") == everything[1:2]
    assert _exported_names(client, auth, "supervisor") == everything


@pytest.mark.parametrize("query", [{}, {"format": "pdf"}, {"format": "csv", "page": 2},
                                   {"format": "csv", "bogus": "1"},
                                   {"format": "csv", "status": "lost"}])
def test_a_bad_export_query_is_422(client, auth, org, query):
    resp = client.get(EXPORT, query_string=query, headers=auth("office"))
    assert resp.status_code == 422 and resp.get_json()["error"]["code"] == "validation_failed"


def test_export_scope_no_login_and_a_cadre(client, auth, org):
    assert client.get(EXPORT, query_string={"format": "csv"}).status_code == 401
    resp = client.get(EXPORT, query_string={"format": "csv"}, headers=auth("cadre"))
    assert resp.status_code == 403
