"""The rules of 民生实事 projects (sync/projects.py), table by table."""

from datetime import date, timedelta
from decimal import Decimal as D

import pytest

from sync import projects as p
from sync.errors import DomainError
from sync.workdays import WorkCalendar

# National Day 2026 on a hand-built calendar: Oct 1-7 off, Saturday Oct 10 worked.
OCT = WorkCalendar(holidays=frozenset(date(2026, 10, d) for d in range(1, 8)),
                   workdays=frozenset({date(2026, 10, 10)}), years=frozenset({2026}))
PLAIN = WorkCalendar()
SITE = {"lat": 34.39, "lon": 113.74}


def facts(status="in_progress", percent=40, total="1000", done="400", photos=1):
    """A project as it stands."""
    return p.ProjectFacts(status=status, percent=percent, investment_total_wan=D(total),
                          investment_done_wan=D(done), progress_photo_count=photos, **SITE)


def test_the_six_aspects_are_the_item_categories_of_the_background_text():
    assert p.ASPECTS == ("convenience", "infrastructure", "health", "culture_tourism",
                         "disaster_rebuild", "other")


@pytest.mark.parametrize("current,wanted,ok", [
    ("planned", "in_progress", True), ("planned", "completed", False),
    ("in_progress", "completed", True), ("in_progress", "planned", True),
    ("completed", "in_use", True), ("completed", "in_progress", True),
    ("in_use", "completed", True), ("in_use", "in_progress", False),
    ("in_progress", "closed", False), ("in_use", "closed", False),
    ("closed", "in_use", False), ("closed", "closed", True), ("planned", "planned", True),
])
def test_status_edits(current, wanted, ok):
    if ok:
        p.check_edit(current, wanted)
    else:
        with pytest.raises(DomainError) as err:
            p.check_edit(current, wanted)
        assert err.value.code == "invalid_transition"


@pytest.mark.parametrize("before,update,expected", [
    (facts(), p.Progress("主体完工", 60, D("600")), ("in_progress", 60, D("600"), False)),
    (facts(), p.Progress("同前"), ("in_progress", 40, D("400"), False)),
    (facts(), p.Progress("同比例", 40, D("400")), ("in_progress", 40, D("400"), False)),
    (facts("planned", 0, done="0"), p.Progress("开工", 5), ("in_progress", 5, D("0"), False)),
    (facts("planned", 0, done="0"), p.Progress("准备", 0, D("10")), ("planned", 0, D("10"), False)),
    (facts(), p.Progress("到顶", 100, D("1000")), ("in_progress", 100, D("1000"), False)),
    (facts(), p.Progress("超概算", 90, D("1100"), "设计变更增加地下车库"),
     ("in_progress", 90, D("1100"), True)),
    (facts("in_use", 100, done="1000"), p.Progress("投用运行"), ("in_use", 100, D("1000"), False)),
])
def test_progress_moves_forward(before, update, expected):
    out = p.apply_progress(before, update)
    assert (out.status, out.percent, out.investment_done_wan, out.over_budget) == expected


@pytest.mark.parametrize("before,update,code", [
    (facts(), p.Progress("", 50), "validation_failed"),
    (facts(), p.Progress("   ", 50), "validation_failed"),
    (facts(), p.Progress("x", 101), "validation_failed"),
    (facts(), p.Progress("x", -1), "validation_failed"),
    (facts(), p.Progress("x", None, D("-1")), "validation_failed"),
    (facts(), p.Progress("倒退", 39), "percent_decreased"),
    (facts(), p.Progress("少报", 50, D("399.99")), "investment_decreased"),
    (facts(), p.Progress("超了", 50, D("1000.01")), "over_budget"),
    (facts(), p.Progress("超了", 50, D("1200"), "  "), "over_budget"),
    (facts("closed", 100, done="1000"), p.Progress("补报", 100), "invalid_transition"),
    (facts("closed", 100, done="1000"), p.Progress("x", 120), "validation_failed"),  # body first
])
def test_progress_refused(before, update, code):
    with pytest.raises(DomainError) as err:
        p.apply_progress(before, update)
    assert err.value.code == code


def test_investment_rule_on_its_own():
    assert p.check_investment(D("760"), D("760"), None) is False
    assert p.check_investment(D("60"), D("61"), "物价上涨") is True
    with pytest.raises(DomainError):
        p.check_investment(D("60"), D("61"), None)


@pytest.mark.parametrize("day,n,cal,expected", [
    (date(2026, 12, 4), 0, PLAIN, date(2026, 12, 4)),     # a Friday
    (date(2026, 12, 6), 0, PLAIN, date(2026, 12, 4)),     # Sunday -> the Friday before
    (date(2026, 12, 7), 1, PLAIN, date(2026, 12, 4)),     # Monday - 1 -> Friday
    (date(2026, 10, 8), 1, OCT, date(2026, 9, 30)),       # over National Day
    (date(2026, 10, 12), 1, OCT, date(2026, 10, 10)),     # the worked Saturday counts
    (date(2026, 10, 5), 0, OCT, date(2026, 9, 30)),       # a holiday -> the last working day
])
def test_working_days_before(day, n, cal, expected):
    assert p.working_days_before(day, n, cal) == expected


def test_milestones_are_planned_backwards_on_working_days():
    plan = p.plan_milestones(date(2026, 10, 9), OCT)
    assert [m["name"] for m in plan] == ["立项", "设计", "招标", "开工", "主体完工", "竣工验收"]
    assert [m["position"] for m in plan] == list(range(6))
    assert plan[-1]["due"] == date(2026, 10, 9)
    assert all(OCT.is_workday(m["due"]) for m in plan)
    dues = [m["due"] for m in plan]
    assert dues == sorted(dues)
    # 主体完工 30 working days before: the seven days off do not count
    assert plan[4]["due"] == date(2026, 8, 21)


def test_milestones_shrink_to_fit_after_the_start():
    start, due = date(2026, 9, 1), date(2026, 12, 31)
    plan = p.plan_milestones(due, PLAIN, start=start)
    assert plan[0]["due"] >= start and plan[-1]["due"] == due
    assert [m["due"] for m in plan] == sorted(m["due"] for m in plan)


def test_a_due_date_on_a_day_off_plans_the_last_step_before_it():
    plan = p.plan_milestones(date(2026, 10, 4), OCT)
    assert plan[-1]["due"] == date(2026, 9, 30)


@pytest.mark.parametrize("due,done_on,today,late", [
    (date(2026, 9, 30), None, date(2026, 10, 8), True),
    (date(2026, 9, 30), None, date(2026, 9, 30), False),    # due today: not yet late
    (date(2026, 9, 30), date(2026, 10, 2), date(2026, 10, 8), False),
    (date(2026, 10, 9), None, date(2026, 10, 8), False),
])
def test_is_late(due, done_on, today, late):
    assert p.is_late(due, done_on, today) is late


NEAR = {"lat": 34.3901, "lon": 113.7401}


@pytest.mark.parametrize("status,kw,expected", [
    ("completed", {"decision": "accept", "satisfaction": "satisfied"}, "closed"),
    ("in_use", {"decision": "accept", "satisfaction": "basic"}, "closed"),
    # 群众不认可，实事不销号
    ("in_use", {"decision": "accept", "satisfaction": "unsatisfied"}, "in_progress"),
    ("completed", {"decision": "return", "satisfaction": "satisfied"}, "in_progress"),
])
def test_closure_by_the_items_rule(status, kw, expected):
    out = p.verify(facts(status, 100, done="1000"), **kw, **NEAR, photos=("a" * 64,),
                   office=False)
    assert (out.status, out.closes, out.override) == (expected, expected == "closed", False)
    assert 0 < out.distance_m < 300


@pytest.mark.parametrize("status,kw,code", [
    ("in_progress", {}, "invalid_transition"),
    ("closed", {}, "invalid_transition"),
    ("completed", {"lat": 34.45, "lon": 113.74}, "too_far"),
    ("completed", {"lat": None, "lon": None}, "too_far"),
    ("completed", {"photos": ()}, "photos_required"),
    ("completed", {"decision": "maybe"}, "validation_failed"),
    ("completed", {"satisfaction": "happy"}, "validation_failed"),
    ("completed", {"override_reason": "路断", "lat": 34.45}, "too_far"),  # office only
])
def test_closure_refused(status, kw, code):
    args = {"decision": "accept", "satisfaction": "satisfied", "photos": ("a" * 64,),
            "office": False, **NEAR, **kw}
    with pytest.raises(DomainError) as err:
        p.verify(facts(status, 100, done="1000"), **args)
    assert err.value.code == code


def test_closure_needs_earlier_progress_photos_and_the_office_may_override_distance():
    with pytest.raises(DomainError) as err:
        p.verify(facts("completed", 100, done="1000", photos=0), decision="accept",
                 satisfaction="satisfied", photos=("a" * 64,), office=False, **NEAR)
    assert err.value.code == "photos_required"
    far = p.verify(facts("completed", 100, done="1000"), decision="accept",
                   satisfaction="satisfied", photos=("a" * 64,), office=True,
                   override_reason="道路中断", lat=34.5, lon=113.74)
    assert (far.status, far.override) == ("closed", True) and far.distance_m > 10_000


def test_no_date_arithmetic_surprise_across_years():
    plan = p.plan_milestones(date(2027, 1, 4), PLAIN)
    assert plan[-1]["due"] == date(2027, 1, 4)
    assert plan[0]["due"] < date(2027, 1, 4) - timedelta(days=200)
