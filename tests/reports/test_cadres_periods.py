"""The periods of 评价考核 (#15): two months (双月评议 B1–B6), a half year and a year, parsed
strictly, refused before they start, and their bounds; the older kinds are unchanged.

The clock is frozen on Friday 2026-11-27 (tests/reports/conftest.py).
"""

from datetime import date, datetime

import pytest
from flask import Flask

from server.errors import ApiError
from server.reports.periods import current_key, parse_period, window


@pytest.fixture
def tz_app():
    """A bare app context in Asia/Shanghai."""
    app = Flask("cadre_periods_test")
    app.config["TIMEZONE"] = "Asia/Shanghai"
    with app.app_context():
        yield app


@pytest.mark.parametrize("kind,key,start,end,title", [
    ("bimonth", "2026-B1", date(2026, 1, 1), date(2026, 2, 28), "2026年1—2月"),
    ("bimonth", "2024-B1", date(2024, 1, 1), date(2024, 2, 29), "2024年1—2月"),
    ("bimonth", "2026-B3", date(2026, 5, 1), date(2026, 6, 30), "2026年5—6月"),
    ("bimonth", "2026-B6", date(2026, 11, 1), date(2026, 12, 31), "2026年11—12月"),
    ("half", "2026-H1", date(2026, 1, 1), date(2026, 6, 30), "2026年上半年"),
    ("half", "2026-H2", date(2026, 7, 1), date(2026, 12, 31), "2026年下半年"),
    ("year", "2026", date(2026, 1, 1), date(2026, 12, 31), "2026年度"),
    ("year", "2000", date(2000, 1, 1), date(2000, 12, 31), "2000年度"),
    ("month", "2026-11", date(2026, 11, 1), date(2026, 11, 30), "2026年11月"),
    ("quarter", "2026-Q3", date(2026, 7, 1), date(2026, 9, 30), "2026年第三季度"),
])
def test_bounds_and_titles(tz_app, kind, key, start, end, title):
    p = parse_period(kind, key)
    assert (p.kind, p.key, p.start, p.end, p.title) == (kind, key, start, end, title)


def test_spans_in_words(tz_app):
    assert parse_period("bimonth", "2026-B6").span == "11月1日至12月31日"
    assert parse_period("half", "2026-H1").span == "1月1日至6月30日"
    assert parse_period("year", "2025").span == "1月1日至12月31日"


@pytest.mark.parametrize("kind,key", [
    ("bimonth", "2026-B0"), ("bimonth", "2026-B7"), ("bimonth", "2026-B06"),
    ("bimonth", "2026-b6"), ("bimonth", "2026B6"), ("bimonth", "2026-11"), ("bimonth", ""),
    ("half", "2026-H0"), ("half", "2026-H3"), ("half", "2026-h2"), ("half", "2026-H02"),
    ("half", "2026-2"), ("year", "26"), ("year", "2026-"), ("year", "2026-01"),
    ("year", "1999"), ("year", "２０２６"), ("year", " 2026x"), ("year", "2026\n1"),
    ("half", "2026-H2; DROP TABLE users"),
])
def test_malformed_periods_name_the_expected_form(tz_app, kind, key):
    with pytest.raises(ApiError) as err:
        parse_period(kind, key)
    assert err.value.code == "bad_period" and err.value.details["field"] == kind
    expected = err.value.details["expected"]
    assert {"bimonth": "B1 为 1–2 月", "half": "H2 下半年", "year": "YYYY，如 2026"}[kind] \
        in expected


@pytest.mark.parametrize("kind,key,starts", [
    ("bimonth", "2027-B1", "2027-01-01"), ("half", "2027-H1", "2027-01-01"),
    ("year", "2027", "2027-01-01"), ("year", "2100", "2100-01-01")])
def test_periods_not_started_are_refused(tz_app, kind, key, starts):
    with pytest.raises(ApiError) as err:
        parse_period(kind, key)
    assert err.value.code == "future_period" and err.value.details["starts"] == starts


def test_running_periods_are_accepted_up_to_today(tz_app):
    for kind, key in [("bimonth", "2026-B6"), ("half", "2026-H2"), ("year", "2026")]:
        w = window(parse_period(kind, key))
        assert w.asof == date(2026, 11, 27) and not w.complete
        assert w.end_utc == datetime(2026, 12, 31, 16, 0)


def test_a_past_half_year_is_complete(tz_app):
    w = window(parse_period("half", "2026-H1"))
    assert w.complete and w.asof == date(2026, 6, 30)
    assert (w.start_utc, w.end_utc) == (datetime(2025, 12, 31, 16, 0), datetime(2026, 6, 30, 16, 0))


@pytest.mark.parametrize("today,keys", [
    (date(2026, 11, 27), ["2026-11", "2026-B6", "2026-Q4", "2026-H2", "2026"]),
    (date(2026, 1, 1), ["2026-01", "2026-B1", "2026-Q1", "2026-H1", "2026"]),
    (date(2026, 6, 30), ["2026-06", "2026-B3", "2026-Q2", "2026-H1", "2026"]),
    (date(2026, 7, 1), ["2026-07", "2026-B4", "2026-Q3", "2026-H2", "2026"]),
])
def test_current_keys(today, keys):
    kinds = ("month", "bimonth", "quarter", "half", "year")
    assert [current_key(k, today) for k in kinds] == keys
