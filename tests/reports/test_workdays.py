"""Working-day arithmetic on the official calendar (pure: no app, no database)."""

import random
from datetime import date, timedelta

import pytest

from server.reports.calendar import build_calendar
from sync.workdays import (
    WorkCalendar,
    add_working_days,
    overdue_working_days,
    working_days_between,
)

PLAIN = WorkCalendar()
CN = build_calendar()


def _brute(after: date, through: date, cal: WorkCalendar) -> int:
    """Count by walking every day."""
    n, day = 0, after
    while day < through:
        day += timedelta(days=1)
        n += cal.is_workday(day)
    return n


def test_plain_week_counts_monday_to_friday():
    fri = date(2026, 11, 27)
    assert add_working_days(fri, 1, PLAIN) == date(2026, 11, 30)
    assert add_working_days(fri, 5, PLAIN) == date(2026, 12, 4)
    assert working_days_between(fri, date(2026, 12, 4), PLAIN) == 5
    assert working_days_between(fri, date(2026, 11, 29), PLAIN) == 0


def test_national_day_2026_and_its_make_up_saturday():
    # 10-01..10-07 off; Sunday 09-20 and Saturday 10-10 are working days (调休)
    assert CN.is_workday(date(2026, 9, 20)) and CN.is_workday(date(2026, 10, 10))
    assert not CN.is_workday(date(2026, 10, 5))
    assert add_working_days(date(2026, 9, 30), 1, CN) == date(2026, 10, 8)
    assert add_working_days(date(2026, 10, 9), 1, CN) == date(2026, 10, 10)
    assert working_days_between(date(2026, 9, 28), date(2026, 10, 11), CN) == 5


def test_spring_festival_2026_is_skipped():
    # 02-15..02-23 off, 02-14 (Sat) and 02-28 (Sat) worked
    assert add_working_days(date(2026, 2, 13), 1, CN) == date(2026, 2, 14)
    assert add_working_days(date(2026, 2, 14), 1, CN) == date(2026, 2, 24)


def test_counting_agrees_with_walking_day_by_day():
    rng = random.Random(48)
    start = date(2024, 1, 1)
    for _ in range(400):
        a = start + timedelta(days=rng.randrange(1000))
        b = a + timedelta(days=rng.randrange(-5, 120))
        assert working_days_between(a, b, CN) == _brute(a, b, CN), (a, b)


def test_add_then_count_round_trips():
    for n in (1, 3, 10, 30, 365):
        end = add_working_days(date(2026, 1, 1), n, CN)
        assert working_days_between(date(2026, 1, 1), end, CN) == n
        assert CN.is_workday(end)


def test_edges():
    assert add_working_days(date(2026, 5, 1), 0, CN) == date(2026, 5, 1)
    with pytest.raises(ValueError):
        add_working_days(date(2026, 5, 1), -1, CN)
    assert overdue_working_days(None, date(2026, 5, 8), CN) == 0
    assert overdue_working_days(date(2026, 5, 8), date(2026, 5, 1), CN) == 0
    # deadline on Thursday 04-30, the May Day holiday follows: first overdue day is 05-06
    assert overdue_working_days(date(2026, 4, 30), date(2026, 5, 5), CN) == 0
    assert overdue_working_days(date(2026, 4, 30), date(2026, 5, 6), CN) == 1


def test_a_day_cannot_be_both_off_and_worked():
    with pytest.raises(ValueError):
        WorkCalendar(holidays=frozenset({date(2027, 1, 1)}),
                     workdays=frozenset({date(2027, 1, 1)}))


def test_package_calendar_reports_its_years():
    assert CN.covers(2026) and CN.covers(2004)
    assert not CN.covers(1999)
