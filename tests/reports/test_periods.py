"""Parsing report periods, refusing malformed and future ones, and their UTC bounds."""

from datetime import date, datetime

import pytest
from flask import Flask

from server.errors import ApiError
from server.reports.periods import current_key, parse_period, window


@pytest.fixture
def tz_app():
    """A bare app context in Asia/Shanghai (the clock is frozen on 2026-11-27)."""
    app = Flask("periods_test")
    app.config["TIMEZONE"] = "Asia/Shanghai"
    with app.app_context():
        yield app


@pytest.mark.parametrize("kind,key,start,end,title", [
    ("week", "2026-W48", date(2026, 11, 23), date(2026, 11, 29), "2026年第48周"),
    ("week", "2026-W01", date(2025, 12, 29), date(2026, 1, 4), "2026年第1周"),
    ("week", "2020-W53", date(2020, 12, 28), date(2021, 1, 3), "2020年第53周"),
    ("month", "2026-11", date(2026, 11, 1), date(2026, 11, 30), "2026年11月"),
    ("month", "2024-02", date(2024, 2, 1), date(2024, 2, 29), "2024年2月"),
    ("month", "2025-12", date(2025, 12, 1), date(2025, 12, 31), "2025年12月"),
    ("quarter", "2026-Q4", date(2026, 10, 1), date(2026, 12, 31), "2026年第四季度"),
    ("quarter", "2026-Q1", date(2026, 1, 1), date(2026, 3, 31), "2026年第一季度"),
])
def test_valid_periods(tz_app, kind, key, start, end, title):
    p = parse_period(kind, key)
    assert (p.start, p.end, p.title, p.key) == (start, end, title, key)


def test_spans_in_words(tz_app):
    assert parse_period("week", "2026-W48").span == "11月23日至29日"
    assert parse_period("week", "2026-W44").span == "10月26日至11月1日"
    assert parse_period("week", "2026-W01").span == "2025年12月29日至2026年1月4日"


@pytest.mark.parametrize("kind,key", [
    ("week", "2026-W00"), ("week", "2026-W54"), ("week", "2021-W53"), ("week", "2026-w48"),
    ("week", "2026W48"), ("week", "2026-W4"), ("week", "２０２６-W48"), ("month", "2026-13"),
    ("month", "2026-00"), ("month", "2026-1"), ("month", "1999-12"), ("month", "2026-11-01"),
    ("quarter", "2026-Q0"), ("quarter", "2026-Q5"), ("quarter", "2026-q4"), ("quarter", ""),
    ("week", "2026-W48; DROP TABLE items"),
])
def test_malformed_periods(tz_app, kind, key):
    with pytest.raises(ApiError) as err:
        parse_period(kind, key)
    assert err.value.code == "bad_period"


@pytest.mark.parametrize("kind,key", [
    ("week", "2026-W49"), ("week", "2027-W01"), ("month", "2026-12"), ("quarter", "2027-Q1"),
    ("month", "2100-01"),
])
def test_future_periods(tz_app, kind, key):
    with pytest.raises(ApiError) as err:
        parse_period(kind, key)
    assert err.value.code == "future_period"


def test_current_keys():
    today = date(2026, 11, 27)
    assert [current_key(k, today) for k in ("week", "month", "quarter")] == \
        ["2026-W48", "2026-11", "2026-Q4"]
    assert current_key("week", date(2027, 1, 1)) == "2026-W53"


def test_window_of_the_running_week(tz_app):
    w = window(parse_period("week", "2026-W48"))
    assert w.start_utc == datetime(2026, 11, 22, 16, 0)      # Monday 00:00 in Beijing
    assert w.end_utc == datetime(2026, 11, 29, 16, 0)
    assert w.asof == date(2026, 11, 27) and not w.complete
    assert abs((w.asof_utc - datetime(2026, 11, 27, 2, 0)).total_seconds()) < 120
    assert w.utc_offset_minutes == 480


def test_window_of_a_past_month(tz_app):
    w = window(parse_period("month", "2026-10"))
    assert w.complete and w.asof == date(2026, 10, 31)
    assert w.asof_utc == w.end_utc == datetime(2026, 10, 31, 16, 0)
