"""季排名 with the 民生实事 projects (#17): 项目扣分 = min(滞后节点数 × 2, 10), the late
milestones of a unit's projects on the quarter's as-of day, by the 月度进展's rule; on the
ledger of scenario.py with the projects of project_scenario.py."""

import io
import re

import pytest
from openpyxl import load_workbook

from server.reports.ranking import rank_rows, score_row
from tests.reports.project_scenario import build_projects

URL = "/api/v1/reports/ranking?quarter="


@pytest.fixture
def projects(app, org, ledger):
    """The scenario's projects, after the ledger's items."""
    with app.app_context():
        return build_projects(org)


def _get(client, auth, quarter="2026-Q4", fmt=""):
    """The ranking, as JSON unless a format is given."""
    resp = client.get(URL + quarter + (f"&format={fmt}" if fmt else ""), headers=auth("office"))
    assert resp.status_code == 200, resp.get_json()
    return resp if fmt else resp.get_json()


def _unit(uid, name, **counts):
    """A unit's counts as the queries return them, scored."""
    base = {"id": uid, "name": name, "carried": 10, "closed": 5, "closed_on_time": 5,
            "overdue": 0, "verified": 5, "returned": 0, "unsatisfied": 0,
            "rechecked": 0, "rebounds": 0, "late_milestones": 0}
    return score_row({**base, **counts})


def test_late_milestones_cost_each_unit_two_points(client, auth, projects, min_sample):
    min_sample(2)
    body = _get(client, auth)
    rows = {r["name"]: r for r in body["ranked"]}
    # 住建局: 西关桥 桥面铺装 (11-25) and 中医院 设计 (11-20) late on 11-27;
    # 城管局: 城墙口游园 完工 (11-13), 郭店镇污水管网 立项 and 招标
    first, second = rows["住建局"], rows["城管局"]
    assert (first["late_milestones"], first["project_deduction"], first["score"]) == \
        (2, 4.0, 69.33)                                        # 73.33 − 4
    assert (second["late_milestones"], second["project_deduction"], second["score"]) == \
        (3, 6.0, 30.66)                                        # 36.66 − 6
    assert round(sum(first["points"].values()) - first["deduction"]
                 - first["project_deduction"], 2) == first["score"]
    assert "项目扣分" in body["formula"] and any("滞后节点数" in r for r in body["rules"])


def test_a_past_quarter_counts_the_projects_entered_by_its_end(client, auth, projects):
    body = _get(client, auth, "2026-Q3")
    rows = {r["name"]: r for r in body["insufficient"]}
    # on 9-30 no milestone was late; 郭店镇污水管网 (立项 9-24) was entered on 10-10
    assert rows["住建局"]["late_milestones"] == 0 and rows["城管局"]["late_milestones"] == 0


def test_page_and_workbook_show_the_deduction(client, auth, projects, min_sample):
    min_sample(2)
    html = _get(client, auth, fmt="html").get_data(as_text=True)
    row = next(tr for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.S) if ">住建局<" in tr)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    assert "−4.00" in cells and "<strong>69.33</strong>" in cells
    assert "项目<br>扣分" in html and "滞后<br>节点" in html
    wb = load_workbook(io.BytesIO(_get(client, auth, fmt="xlsx").data))
    first = list(wb["排名"].iter_rows(min_row=3, values_only=True))[0]
    assert first[1] == "住建局" and first[13] == 2
    assert float(first[19]) == 4.0 and float(first[20]) == 69.33


@pytest.mark.parametrize("late,deduction", [(0, 0), (1, 2), (4, 8), (5, 10), (12, 10)])
def test_two_points_a_late_milestone_up_to_ten(late, deduction):
    clean = _unit(1, "甲")
    row = _unit(2, "乙", late_milestones=late)
    assert row["project_deduction"] == deduction
    assert row["score"] == clean["score"] - deduction


def test_both_deductions_never_take_the_score_below_zero():
    row = _unit(1, "甲", closed=0, closed_on_time=0, verified=0, rebounds=4, late_milestones=9)
    assert (row["deduction"], row["project_deduction"], row["score"]) == (20, 10, 0)


def test_fewer_late_milestones_break_a_tie_last():
    # both past the cap: the same score, and fewer late milestones place a unit first
    many, fewer = _unit(1, "甲", late_milestones=7), _unit(2, "乙", late_milestones=5)
    assert many["score"] == fewer["score"] and many["project_deduction"] == 10
    ranked, _ = rank_rows([many, fewer], 5)
    assert [(r["name"], r["rank"]) for r in ranked] == [("乙", 1), ("甲", 2)]
    assert "滞后节点数高于对方（7 对 5）" in ranked[1]["tie_note"]
