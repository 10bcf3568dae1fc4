"""季排名: the published formula, every number behind a score, ties and small samples."""

import io
from decimal import Decimal

from openpyxl import load_workbook

from server.reports.ranking import rank_rows, score_row

URL = "/api/v1/reports/ranking?quarter="


def _get(client, auth, quarter="2026-Q4", fmt=""):
    """The ranking, as JSON unless a format is given."""
    resp = client.get(URL + quarter + (f"&format={fmt}" if fmt else ""), headers=auth("office"))
    assert resp.status_code == 200, resp.get_json()
    return resp if fmt else resp.get_json()


def test_scores_and_the_numbers_behind_them(client, auth, ledger, min_sample):
    min_sample(2)
    body = _get(client, auth)
    assert "销号率×40" in body["formula"] and body["min_sample"] == 2
    first, second = body["ranked"]
    assert (first["name"], first["rank"], second["name"], second["rank"]) == \
        ("住建局", 1, "城管局", 2)
    assert (first["carried"], first["closed"], first["closed_on_time"], first["verified"]) == \
        (3, 1, 1, 1)
    assert first["closure_rate"] == 0.3333
    assert first["points"] == {"closure_rate": 13.33, "on_time_rate": 30.0,
                               "satisfaction_rate": 20.0, "kept_rate": 10.0}
    assert first["score"] == 73.33
    # 城管局: closed 1 of 2, late; 3 verifications, 1 unsatisfied, 2 returns
    assert (second["closure_rate"], second["on_time_rate"], second["satisfaction_rate"],
            second["return_rate"]) == (0.5, 0.0, 0.6667, 0.6667)
    assert second["points"] == {"closure_rate": 20.0, "on_time_rate": 0.0,
                                "satisfaction_rate": 13.33, "kept_rate": 3.33}
    assert second["score"] == 36.66
    for row in body["ranked"]:
        assert round(sum(row["points"].values()), 2) == row["score"]


def test_small_units_are_not_ranked(client, auth, ledger):
    body = _get(client, auth)                       # default minimum sample: 5
    assert body["ranked"] == []
    assert {r["name"] for r in body["insufficient"]} == {"住建局", "城管局"}
    assert all(r["rank"] is None and r["score"] is None for r in body["insufficient"])
    assert all("样本不足" in r["tie_note"] for r in body["insufficient"])
    html = _get(client, auth, fmt="html").get_data(as_text=True)
    assert "样本不足" in html and "本季度没有交办数达到5件的单位" in html


def _unit(uid, name, **counts):
    """A unit's counts as the query returns them."""
    base = {"id": uid, "name": name, "carried": 10, "closed": 5, "closed_on_time": 5,
            "overdue": 0, "verified": 5, "returned": 0, "unsatisfied": 0,
            "rechecked": 0, "rebounds": 0, "late_milestones": 0}
    return score_row({**base, **counts})


def test_equal_on_everything_shares_a_place():
    ranked, small = rank_rows([_unit(1, "甲"), _unit(2, "乙"), _unit(3, "丙", closed=4,
                                                                   closed_on_time=4)], 5)
    assert [(r["name"], r["rank"]) for r in ranked] == [("甲", 1), ("乙", 1), ("丙", 3)]
    assert "并列第1名" in ranked[0]["tie_note"] and "并列第1名" in ranked[1]["tie_note"]
    assert small == []


def test_equal_scores_are_broken_by_closure_rate_and_explained():
    # 甲: closure 0.5, on-time 1.0 -> 20 + 30; 乙: closure 0.75, on-time 0.5 -> 30 + 15 + 5 more
    a = _unit(1, "甲", carried=10, closed=5, closed_on_time=5, verified=0)
    b = _unit(2, "乙", carried=8, closed=6, closed_on_time=4, verified=0)
    assert a["score"] == Decimal("50.00") and b["score"] == Decimal("50.00")
    ranked, _ = rank_rows([a, b], 5)
    assert [r["name"] for r in ranked] == ["乙", "甲"] and [r["rank"] for r in ranked] == [1, 2]
    assert "销号率低于对方" in ranked[1]["tie_note"] and "同分" in ranked[0]["tie_note"]


def test_no_verification_scores_nothing_for_satisfaction_and_returns():
    row = _unit(1, "甲", verified=0)
    assert row["points"]["satisfaction_rate"] == 0 and row["points"]["kept_rate"] == 0


def test_workbook_has_every_number(client, auth, ledger, min_sample):
    min_sample(2)
    wb = load_workbook(io.BytesIO(_get(client, auth, fmt="xlsx").data))
    rows = list(wb["排名"].iter_rows(min_row=3, values_only=True))
    assert rows[0][:4] == (1, "住建局", 3, 1)
    assert float(rows[0][20]) == 73.33 and rows[0][12] == 0 and float(rows[0][18]) == 0
    assert rows[0][13] == 0 and float(rows[0][19]) == 0   # no project: no 项目扣分
    notes = [r[1] for r in wb["说明"].iter_rows(min_row=3, values_only=True)]
    assert any("销号率×40" in (n or "") for n in notes)
