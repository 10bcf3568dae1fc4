"""The deployment calendar: package data, the JSON file for more years, the start-up check."""

import json
import logging
from datetime import date, datetime

import pytest
from flask import Flask

from server import config
from server.clock import shifted
from server.reports.calendar import (
    CalendarFileError,
    build_calendar,
    calendar_for,
    check_coverage,
    deadline_after_working_days,
    missing_years,
)
from tests.reports.conftest import shift_to

Y2027 = {"2027": {"holidays": ["2027-01-01", "2027-02-05", "2027-02-06", "2027-02-07",
                               "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11"],
                  "workdays": ["2027-01-31", "2027-02-20"]}}


def _write(tmp_path, content) -> str:
    """A calendar file with the given JSON (or raw text)."""
    path = tmp_path / "calendar.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content),
                    encoding="utf-8")
    return str(path)


def _stub_app(**config) -> Flask:
    """A bare Flask app with just the settings the calendar reads."""
    app = Flask("calendar_test")
    app.config.update(TIMEZONE="Asia/Shanghai", **config)
    return app


def test_file_adds_a_year(tmp_path):
    cal = build_calendar(_write(tmp_path, Y2027))
    assert cal.covers(2027) and cal.covers(2026)
    assert not cal.is_workday(date(2027, 2, 8))          # Monday of the Spring Festival
    assert cal.is_workday(date(2027, 1, 31))             # Sunday worked (调休)
    assert cal.is_workday(date(2027, 3, 1))


def test_file_replaces_a_year_it_lists(tmp_path):
    cal = build_calendar(_write(tmp_path, {"2026": {"holidays": ["2026-11-27"],
                                                    "workdays": []}}))
    assert not cal.is_workday(date(2026, 11, 27))
    assert cal.is_workday(date(2026, 10, 5))             # the package's National Day is gone


@pytest.mark.parametrize("content", [
    "not json",
    ["2027-01-01"],
    {"27": {"holidays": []}},
    {"2027": {"holidays": ["2027-13-01"]}},
    {"2027": {"holidays": ["2028-01-01"]}},
    {"2027": {"holidays": [], "days_off": []}},
    {"2027": {"holidays": ["2027-01-02"], "workdays": ["2027-01-02"]}},
])
def test_malformed_file_is_refused(tmp_path, content):
    with pytest.raises(CalendarFileError):
        build_calendar(_write(tmp_path, content))


def test_missing_file_is_refused(tmp_path):
    with pytest.raises(CalendarFileError):
        build_calendar(str(tmp_path / "nope.json"))


def test_missing_years_are_this_and_next_year():
    cal = build_calendar()
    assert missing_years(cal, date(2026, 6, 1)) == [2027]
    assert missing_years(cal, date(2031, 6, 1)) == [2031, 2032]
    assert missing_years(cal, date(2025, 6, 1)) == []


def test_startup_check_warns_about_uncovered_years(caplog):
    with shifted(shift_to(datetime(2040, 6, 1))), \
            caplog.at_level(logging.WARNING, logger="server.reports.calendar"):
        assert check_coverage(_stub_app()) == [2040, 2041]
    messages = " ".join(rec.getMessage() for rec in caplog.records)
    assert "2040" in messages and "2041" in messages


def test_startup_check_quiet_when_file_covers(tmp_path, caplog):
    years = {"2040": {"holidays": ["2040-01-02"], "workdays": []},
             "2041": {"holidays": [], "workdays": []}}
    app = _stub_app(CALENDAR_FILE=_write(tmp_path, years))
    with shifted(shift_to(datetime(2040, 6, 1))), \
            caplog.at_level(logging.WARNING, logger="server.reports.calendar"):
        assert check_coverage(app) == []
    assert not caplog.records
    assert not calendar_for(app).is_workday(date(2040, 1, 2))


def test_file_named_by_environment(tmp_path):
    settings = config.load({"DATA_DIR": str(tmp_path)},
                           environ={"ZHANGLIANG_CALENDAR_FILE": _write(tmp_path, Y2027)})
    assert calendar_for(_stub_app(CALENDAR_FILE=settings["CALENDAR_FILE"])).covers(2027)


def test_deadline_after_working_days(ctx):
    # the clock is frozen on Friday 2026-11-27
    assert deadline_after_working_days(1) == date(2026, 11, 30)
    assert deadline_after_working_days(5) == date(2026, 12, 4)
    assert deadline_after_working_days(30).weekday() < 5
