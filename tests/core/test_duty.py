"""The duty rule (sync/duty.py) on the official 2026 calendar: Fridays and the first five
working days of each month, across holidays and make-up working days (调休)."""

from datetime import date

import pytest

from server.reports.calendar import build_calendar
from sync.duty import (
    DutyRule,
    counts_as_out,
    duty_days,
    in_duty_week,
    is_duty_day,
    month_duty_days,
    next_duty_day,
    rotation_due,
    weeks_since,
)

CAL = build_calendar()   # the chinesecalendar package: 2026 is known
RULE = DutyRule()


def test_the_calendar_knows_2026():
    assert CAL.covers(2026)
    assert CAL.is_workday(date(2026, 1, 4))        # a Sunday worked for New Year
    assert not CAL.is_workday(date(2026, 1, 2))    # a Friday off


@pytest.mark.parametrize("year,month,expected", [
    # New Year: 1-3 off, Sunday the 4th worked
    (2026, 1, ["01-04", "01-05", "01-06", "01-07", "01-08"]),
    # Labour Day: 1-5 off, Saturday the 9th worked
    (2026, 5, ["05-06", "05-07", "05-08", "05-09", "05-11"]),
    # National Day: 1-7 off, Saturday the 10th worked
    (2026, 10, ["10-08", "10-09", "10-10", "10-12", "10-13"]),
    (2026, 12, ["12-01", "12-02", "12-03", "12-04", "12-07"]),
])
def test_first_five_working_days(year, month, expected):
    days = month_duty_days(year, month, RULE, CAL)
    assert [d.strftime("%m-%d") for d in days] == expected
    assert all(in_duty_week(d, RULE, CAL) for d in days)


def test_duty_days_of_january_2026():
    days = duty_days(date(2026, 1, 1), date(2026, 1, 31), RULE, CAL)
    # the first five working days, then the Fridays; Friday the 2nd is a holiday
    assert [d.day for d in days] == [4, 5, 6, 7, 8, 9, 16, 23, 30]


def test_a_friday_holiday_is_no_duty_day():
    assert not is_duty_day(date(2026, 10, 2), RULE, CAL)     # National Day
    assert not is_duty_day(date(2026, 9, 25), RULE, CAL)     # Mid-Autumn
    assert is_duty_day(date(2026, 10, 9), RULE, CAL)         # Friday, and in the 丈量周
    assert is_duty_day(date(2026, 10, 10), RULE, CAL)        # a worked Saturday, 丈量周
    assert not is_duty_day(date(2026, 10, 17), RULE, CAL)    # an ordinary Saturday


def test_the_rule_is_configurable():
    rule = DutyRule(weekdays=frozenset({0, 4}), month_days=0)    # Mondays and Fridays
    days = duty_days(date(2026, 11, 30), date(2026, 12, 6), rule, CAL)
    assert days == [date(2026, 11, 30), date(2026, 12, 4)]


def test_next_duty_day():
    assert next_duty_day(date(2026, 12, 4), RULE, CAL) == date(2026, 12, 4)   # today
    assert next_duty_day(date(2026, 12, 8), RULE, CAL) == date(2026, 12, 11)
    assert next_duty_day(date(2026, 9, 24), RULE, CAL) == date(2026, 10, 8)  # holidays
    never = DutyRule(weekdays=frozenset(), month_days=0)
    assert next_duty_day(date(2026, 12, 8), never, CAL) is None


@pytest.mark.parametrize("distance,radius,accuracy,out", [
    (120.0, 500.0, 10.0, True),
    (505.0, 500.0, 10.0, True),       # within the radius widened by the fix
    (515.0, 500.0, 10.0, False),
    (8900.0, 500.0, 30.0, False),     # 8.9 km away
    (None, 500.0, 10.0, False),       # no position: not judged, not counted
    (100.0, None, 10.0, False),       # an area without a centre
    (500.0, 500.0, None, True),
    (501.0, 500.0, -5.0, False),      # a negative accuracy widens nothing
])
def test_counts_as_out(distance, radius, accuracy, out):
    assert counts_as_out(distance, radius, accuracy) is out


def test_rotation():
    today = date(2026, 12, 3)
    assert weeks_since(None, today) is None and rotation_due(None, today, RULE)
    assert weeks_since(date(2026, 11, 6), today) == 3
    assert not rotation_due(date(2026, 11, 6), today, RULE)
    assert weeks_since(date(2026, 11, 5), today) == 4
    assert rotation_due(date(2026, 11, 5), today, RULE)
    assert not rotation_due(date(2026, 12, 5), today, RULE)   # phone clock ahead: not due
