"""季排名 names each figure for what it is (issue 18, point 9): the JSON carries a
definition and a formula for every figure, and a rate over nothing is null (—), not 0."""

import re
from decimal import Decimal

import pytest

from server.api.schemas.reports import RankRow
from server.extensions import db
from server.models import Unit
from server.reports.ranking import FIGURES, WEIGHTS, definitions, rank_rows, score_row

URL = "/api/v1/reports/ranking?quarter=2026-Q4"
RATES = ("closure_rate", "on_time_rate", "satisfaction_rate", "return_rate", "kept_rate")


def _unit(uid, name, **counts):
    """A unit's counts as the query returns them, scored."""
    base = {"id": uid, "name": name, "carried": 10, "closed": 5, "closed_on_time": 5,
            "overdue": 0, "verified": 5, "returned": 0, "unsatisfied": 0,
            "rechecked": 0, "rebounds": 0, "late_milestones": 0}
    return score_row({**base, **counts})


@pytest.fixture
def idle_unit(app, ledger):
    """A unit that holds no item in the quarter."""
    with app.app_context():
        db.session.add(Unit(name="文广旅局", kind="department", active=True))
        db.session.commit()
    return "文广旅局"


def test_every_figure_of_a_row_is_defined_once_in_chinese():
    keys = [d["key"] for d in definitions(5)]
    numbers = set(RankRow().fields) - {"id", "name", "rank", "tie_note"}
    assert set(keys) == numbers and len(keys) == len(set(keys))
    names = [d["term"] for d in definitions(5)]
    assert len(names) == len(set(names))
    for d in definitions(5):
        assert d["text"] and all("\u4e00" <= c <= "\u9fff" for c in d["term"]), d
    assert "少于 5 件" in definitions(5)[-1]["text"]
    assert "少于 7 件" in definitions(7)[-1]["text"]


def test_names_say_what_the_figures_are():
    named = {d["key"]: d for d in definitions(5)}
    assert named["carried"]["term"] == "交办数"
    assert named["kept_rate"]["term"] == "未退回率"
    assert named["kept_rate"]["formula"].startswith("未退回率 = 1 − 退回率")
    assert not any("在办基数" in d["term"] for d in named.values())
    assert named["deduction"]["formula"] == "反弹扣分 = min(反弹数 × 5, 20)"
    for key in RATES:
        assert "÷" in named[key]["formula"], key
    for key in ("carried", "closed", "verified", "returned"):
        assert named[key]["formula"] is None
    assert named["score"]["formula"].startswith("综合得分 = 销号率×40")
    # the weights' names start with the same names as the definitions
    for rate, _, name in WEIGHTS:
        assert name.startswith(named[rate]["term"])


def test_a_rate_over_nothing_is_none_and_scores_nothing():
    row = _unit(1, "甲", carried=0, closed=0, closed_on_time=0, verified=0)
    assert all(row[k] is None for k in RATES)
    assert set(row["points"].values()) == {Decimal("0.00")} and row["score"] == 0
    some = _unit(2, "乙", closed=0, closed_on_time=0, verified=0)
    assert some["closure_rate"] == 0 and some["on_time_rate"] is None
    assert some["satisfaction_rate"] is None and some["kept_rate"] is None


def test_undefined_rates_break_ties_as_zero_and_the_note_shows_a_dash():
    # 甲 has no closures (on-time —), 乙 closed one late (on-time 0%): same score
    a = _unit(1, "甲", carried=10, closed=0, closed_on_time=0, verified=0)
    b = _unit(2, "乙", carried=10, closed=0, closed_on_time=0, verified=2, returned=2,
              unsatisfied=2)
    assert a["score"] == b["score"] == 0
    ranked, _ = rank_rows([a, b], 5)
    assert [r["name"] for r in ranked] == ["甲", "乙"]
    assert "退回率高于对方" in ranked[1]["tie_note"] and "100.00% 对 —" in ranked[1]["tie_note"]


def test_the_api_gives_definitions_and_nulls(client, auth, idle_unit):
    body = client.get(URL, headers=auth("office")).get_json()
    assert [d["key"] for d in body["definitions"]] == [f[0] for f in FIGURES]
    assert all(set(d) == {"key", "term", "text", "formula"} for d in body["definitions"])
    empty = [r for r in body["insufficient"] if r["carried"] == 0]
    assert [r["name"] for r in empty] == [idle_unit]
    for row in empty:
        assert all(row[k] is None for k in RATES), row
        assert row["score"] is None and row["rank"] is None
    used = {r["name"]: r for r in body["insufficient"]}
    assert used["住建局"]["closure_rate"] == 0.3333  # 1 of 3, still a number


def test_the_printed_ranking_shows_no_percentage_for_a_unit_without_items(client, auth,
                                                                         idle_unit):
    name = idle_unit
    html = client.get(URL + "&format=html", headers=auth("office")).get_data(as_text=True)
    rows = [tr for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.S) if f">{name}<" in tr]
    assert rows, name
    assert "%" not in rows[0] and "—" in rows[0]


@pytest.mark.parametrize("rebounds,deduction", [(0, 0), (1, 5), (3, 15), (4, 20), (9, 20)])
def test_each_rebound_costs_five_points_up_to_twenty(rebounds, deduction):
    clean = _unit(1, "甲", carried=10, closed=8, closed_on_time=8)
    row = _unit(2, "乙", carried=10, closed=8, closed_on_time=8, rebounds=rebounds)
    assert row["deduction"] == deduction
    assert row["score"] == max(clean["score"] - deduction, 0)


def test_the_score_never_goes_below_zero():
    row = _unit(1, "甲", carried=10, closed=0, closed_on_time=0, verified=0, rebounds=4)
    assert row["score"] == 0 and row["deduction"] == 20
