"""月度进展 of the 民生实事 projects (#17): every figure against the hand-built history of
tests/reports/project_scenario.py, for the month in progress (2026-11, as of Friday 11-27)
and for the month before (2026-10, as of its last day), on SQLite and PostgreSQL."""

import io
from datetime import datetime
from urllib.parse import quote

import pytest
from openpyxl import load_workbook

from server.extensions import db
from server.services.users import create_user
from tests.factories import PASSWORD
from tests.reports.project_scenario import build_projects

URL = "/api/v1/reports/projects?month="
FIGURES = ("projects", "planned", "in_progress", "completed", "in_use", "closed",
           "investment_total_wan", "investment_done_wan", "investment_rate", "updates",
           "updated_projects", "investment_added_wan", "late_milestones", "late_projects")


@pytest.fixture
def scenario(app, org):
    """The six projects; returns their ids by name."""
    with app.app_context():
        return build_projects(org)


def _get(client, auth, month="2026-11", user="office"):
    """The report as JSON."""
    resp = client.get(URL + month, headers=auth(user))
    assert resp.status_code == 200, resp.get_json()
    return resp.get_json()


def _figures(row) -> tuple:
    """A row's figures in the order of FIGURES."""
    return tuple(row[k] for k in FIGURES)


def test_the_month_in_progress_against_the_hand_count(client, auth, scenario):
    body = _get(client, auth)
    assert (body["asof"], body["complete"]) == ("2026-11-27", False)
    # 6 projects: P5 未开工; P1, P2 (started by its first progress), P6 在建; P3 已完工; P4 已投用.
    # Done as stored now: 13,500 + 8,000.50 + 760 + 60 + 100 + 13,000. The month's updates:
    # P1 twice, P2 twice, P3 once, P6 once; added: P1 13,500 − 12,500 (its October update),
    # P2 8,000.50 − 0 (entered with nothing done), P3 760 − 300, P6 13,000 − 12,200 (its first
    # update, over the figure it was imported with). Late on 11-27: P1 桥面铺装, P2 设计,
    # P3 完工, P5 立项, 招标.
    assert _figures(body["totals"]) == (6, 1, 3, 1, 1, 0, 79995.06, 35420.5, 0.4428, 6, 4,
                                        10260.5, 5, 4)
    units = {u["name"]: _figures(u) for u in body["units"]}
    assert list(units) == ["住建局", "城管局"]
    assert units["住建局"] == (3, 0, 3, 0, 0, 0, 78175.06, 34500.5, 0.4413, 5, 3, 9800.5, 2, 2)
    assert units["城管局"] == (3, 1, 0, 1, 1, 0, 1820.0, 920.0, 0.5055, 1, 1, 460.0, 3, 2)
    batches = {b["name"]: _figures(b) for b in body["batches"]}
    assert list(batches) == ["第一批", "第二批", "第三批"]
    assert batches["第一批"] == (3, 0, 2, 1, 0, 0, 58935.06, 22260.5, 0.3777, 5, 3, 9460.5, 3, 3)
    assert batches["第二批"] == (2, 1, 1, 0, 0, 0, 21000.0, 13100.0, 0.6238, 1, 1, 800.0, 2, 1)
    assert batches["第三批"] == (1, 0, 0, 0, 1, 0, 60.0, 60.0, 1.0, 0, 0, 0.0, 0, 0)
    assert [b["id"] for b in body["batches"]] == [1, 2, 3]


def test_the_months_added_reconcile_the_done(client, auth, scenario):
    october, november = _get(client, auth, "2026-10"), _get(client, auth)
    # what November added, and the 60 P4 was entered with on 11-02 (not added: entered),
    # make up November's done from October's: 25,100 + 10,260.50 + 60 = 35,420.50
    done = [m["totals"]["investment_done_wan"] for m in (october, november)]
    assert done == [25100.0, 35420.5]
    assert done[0] + november["totals"]["investment_added_wan"] + 60 == done[1]


def test_leader_led_projects_apart_with_their_leaders(client, auth, scenario):
    body = _get(client, auth)
    assert _figures(body["leader_totals"]) == (2, 0, 1, 1, 0, 0, 18360.0, 14260.0, 0.7767,
                                               3, 2, 1460.0, 2, 2)
    lines = [(p["name"], p["leader"], p["batch_name"], p["unit_name"], p["status_name"],
              p["percent"], p["investment_done_wan"], p["investment_rate"], p["updates"],
              p["investment_added_wan"], p["late_milestones"])
             for p in body["leader_projects"]]
    assert lines == [("西关桥改建工程", "市长", "第一批", "住建局", "在建", 80, 13500.0, 0.767,
                      2, 1000.0, 1),
                     ("城墙口游园", "副市长", "第一批", "城管局", "已完工", 100, 760.0, 1.0, 1,
                      460.0, 1)]


def test_late_milestones_with_working_days_across_the_holidays(client, auth, scenario):
    body = _get(client, auth)
    late = [(m["project_name"], m["milestone"], m["due"], m["late_days"], m["unit_name"],
             m["leader"]) for m in body["late"]]
    # 立项 9-24: 9-28…9-30 (3; 9-25 is 中秋), 10-8, 10-9, the worked Saturday 10-10 (3),
    # 15 in the rest of October, 20 in November to the 27th.
    assert late == [("郭店镇污水管网", "立项", "2026-09-24", 41, "城管局", None),
                    ("郭店镇污水管网", "招标", "2026-10-09", 36, "城管局", None),
                    ("城墙口游园", "完工", "2026-11-13", 10, "城管局", "副市长"),
                    ("中医院新院区", "设计", "2026-11-20", 5, "住建局", None),
                    ("西关桥改建工程", "桥面铺装", "2026-11-25", 2, "住建局", "市长")]
    assert body["late_total"] == 5


def test_a_past_month_as_of_its_last_day(client, auth, scenario):
    body = _get(client, auth, "2026-10")
    assert (body["asof"], body["complete"]) == ("2026-10-31", True)
    # P4 was entered on 11-02: not yet there. Done at the end of October: P1 12,500 and P3
    # 300 (their October updates), P5 100 as entered; P2 0 and P6 12,200, the figures they
    # were entered and imported with, kept by their first updates (11-05, 11-12). October's
    # updates added P1 12,500 − 12,200 and P3 300 − 0: first updates count.
    assert _figures(body["totals"]) == (5, 1, 3, 1, 0, 0, 79935.06, 25100.0, 0.314, 2, 2,
                                        600.0, 3, 2)
    units = {u["name"]: _figures(u) for u in body["units"]}
    assert units["住建局"] == (3, 0, 3, 0, 0, 0, 78175.06, 24700.0, 0.316, 1, 1, 300.0, 1, 1)
    assert units["城管局"] == (2, 1, 0, 1, 0, 0, 1760.0, 400.0, 0.2273, 1, 1, 300.0, 2, 1)
    batches = {b["name"]: _figures(b) for b in body["batches"]}
    assert list(batches) == ["第一批", "第二批"]
    assert batches["第一批"] == (3, 0, 2, 1, 0, 0, 58935.06, 12800.0, 0.2172, 2, 2, 600.0, 1, 1)
    assert batches["第二批"] == (2, 1, 1, 0, 0, 0, 21000.0, 12300.0, 0.5857, 0, 0, 0.0, 2, 1)
    late = [(m["project_name"], m["milestone"], m["late_days"]) for m in body["late"]]
    # 主体完工 was done on 11-10: on 10-31 it was late, by no working day (10-31 is a Saturday)
    assert late == [("郭店镇污水管网", "立项", 21), ("郭店镇污水管网", "招标", 16),
                    ("西关桥改建工程", "主体完工", 0)]
    leaders = [(p["name"], p["percent"], p["investment_done_wan"], p["updates"],
                p["late_milestones"]) for p in body["leader_projects"]]
    assert leaders == [("西关桥改建工程", 70, 12500.0, 1, 1), ("城墙口游园", 40, 300.0, 1, 0)]


def test_a_township_bound_reader_sees_its_townships_projects(app, client, auth, org,
                                                            scenario):
    with app.app_context():
        create_user("town_office", PASSWORD, ["office"], "龙湖镇台账员",
                    township_id=org.areas["龙湖镇"])
        db.session.commit()
    token = client.post("/api/v1/auth/login", json={"username": "town_office",
                                                    "password": PASSWORD}).get_json()["token"]
    body = client.get(URL + "2026-11", headers={"Authorization": f"Bearer {token}"}).get_json()
    # P1 and P2 lie in 龙湖镇; P3 and P4 have no place, P5 is in 郭店镇
    assert body["totals"]["projects"] == 2 and [u["name"] for u in body["units"]] == ["住建局"]
    assert {m["project_name"] for m in body["late"]} == {"中医院新院区", "西关桥改建工程"}


def test_the_definitions_name_every_figure(client, auth, scenario):
    body = _get(client, auth)
    keys = [d["key"] for d in body["definitions"]]
    assert set(FIGURES) <= set(keys) and {"percent", "late_days"} <= set(keys)
    assert len(keys) == len(set(keys))
    named = {d["key"]: d for d in body["definitions"]}
    assert named["investment_rate"]["formula"] == "投资完成率 = 累计完成投资 ÷ 计划总投资"
    assert named["investment_added_wan"]["formula"] == \
        "本月新增投资 = Σ（本月最后一次填报的已完成投资 − 上月末的累计完成投资）"
    assert "第一次填报进展时，比录入或导入台账时增加的部分计入当月新增" in \
        named["investment_added_wan"]["text"]
    assert "第一次填报前登记的数" in named["investment_done_wan"]["text"]
    assert all(d["text"] and d["term"] for d in body["definitions"])


@pytest.mark.parametrize("user,status", [("office", 200), ("supervisor", 200), ("admin", 200),
                                         ("handler", 403), ("cadre", 403)])
def test_who_may_read_it(client, auth, org, user, status):
    resp = client.get(URL + "2026-11", headers=auth(user))
    assert resp.status_code == status
    if status == 403:
        assert resp.get_json()["error"]["code"] == "forbidden"


def test_login_bad_and_future_months(client, auth, org):
    assert client.get(URL + "2026-11").status_code == 401
    for month, code in (("2026-13", "bad_period"), ("11月", "bad_period"),
                        ("2027-01", "future_period")):
        resp = client.get(URL + month, headers=auth("office"))
        assert resp.status_code == 422 and resp.get_json()["error"]["code"] == code, month
    for url in ("/api/v1/reports/projects", URL + "2026-11&format=pdf",
                URL + "2026-11&unit_id=1"):
        resp = client.get(url, headers=auth("office"))
        assert resp.status_code == 422, url
        assert resp.get_json()["error"]["code"] == "validation_failed"


def test_an_empty_ledger_answers_zeros_and_dashes(client, auth, org):
    body = _get(client, auth)
    assert body["totals"]["projects"] == 0 and body["totals"]["investment_rate"] is None
    assert body["units"] == [] and body["late"] == [] and body["leader_projects"] == []
    page = client.get(URL + "2026-11&format=html", headers=auth("office"))
    assert page.status_code == 200 and "尚无项目" in page.get_data(as_text=True)
    book = client.get(URL + "2026-11&format=xlsx", headers=auth("office"))
    assert book.status_code == 200 and book.data[:2] == b"PK"


def test_page_and_workbook_carry_the_same_figures(client, auth, scenario):
    page = client.get(URL + "2026-11&format=html", headers=auth("office"))
    assert page.status_code == 200 and page.mimetype == "text/html"
    html = page.get_data(as_text=True)
    assert ("列入民生实事台账的项目共6个，其中未开工1个，在建3个，已完工1个，已投用1个，"
            "已销号0个") in html
    assert "计划总投资79,995.06万元，累计完成投资35,420.50万元，投资完成率44.28%" in html
    assert "本月4个项目填报进展6次，新增完成投资10,260.50万元" in html
    assert "有4个项目的5个节点未按计划完成" in html and "<script" not in html
    resp = client.get(URL + "2026-11&format=xlsx", headers=auth("office"))
    assert quote("民生实事月度进展_2026-11.xlsx") in resp.headers["Content-Disposition"]
    wb = load_workbook(io.BytesIO(resp.data))
    assert wb.sheetnames == ["说明", "责任单位", "批次", "领导领办项目", "节点滞后清单"]
    units = list(wb["责任单位"].iter_rows(min_row=3, values_only=True))
    assert units[0] == ("住建局", 3, 0, 3, 0, 0, 0, 78175.06, 34500.5, 0.4413, 5, 3, 9800.5,
                        2, 2)
    assert units[-1][:2] == ("合计", 6) and units[-1][8] == 35420.5
    assert wb["责任单位"]["I3"].number_format == "#,##0.00"
    assert wb["责任单位"]["J3"].number_format == "0.00%"
    late = list(wb["节点滞后清单"].iter_rows(min_row=3, values_only=True))
    assert [r[1] for r in late][:2] == ["郭店镇污水管网", "郭店镇污水管网"]
    assert late[2][1:] == ("城墙口游园", "第一批", "城管局", "副市长", "完工",
                           datetime(2026, 11, 13), 10)
    leaders = list(wb["领导领办项目"].iter_rows(min_row=3, values_only=True))
    assert [r[2] for r in leaders] == ["西关桥改建工程", "城墙口游园", "合计"]
    notes = [r[1] for r in wb["说明"].iter_rows(min_row=3, values_only=True)]
    assert any("新增完成投资 10,260.50 万元" in (n or "") for n in notes)
