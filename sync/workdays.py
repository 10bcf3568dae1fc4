"""Working-day arithmetic on a calendar of official holidays and make-up working days.

Deadlines given as "N working days" and overdue days are counted on the official
Chinese calendar: Monday to Friday are working days except the legal holidays, and
some weekend days are working days (调休). The calendar is passed in as plain sets so
this module stays free of any package, database or Flask.
"""

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, timedelta


@dataclass(frozen=True)
class WorkCalendar:
    """Days off that fall on weekdays and weekend days that are worked (调休)."""

    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()
    years: frozenset[int] = frozenset()
    _off: tuple[date, ...] = field(init=False, repr=False, compare=False)
    _on: tuple[date, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        """Keep only the exceptions that change the Monday-to-Friday rule, sorted."""
        clash = self.holidays & self.workdays
        if clash:
            raise ValueError(f"dates both holiday and working day: {sorted(clash)[:3]}")
        object.__setattr__(self, "_off", tuple(sorted(d for d in self.holidays
                                                      if d.weekday() < 5)))
        object.__setattr__(self, "_on", tuple(sorted(d for d in self.workdays
                                                     if d.weekday() >= 5)))

    def is_workday(self, day: date) -> bool:
        """True when people work on `day`."""
        if day in self.workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays

    def covers(self, year: int) -> bool:
        """True when the calendar knows the holidays of `year`."""
        return year in self.years


def _weekdays_through(day: date) -> int:
    """Monday-to-Friday days from 0001-01-01 up to and including `day`."""
    n = day.toordinal()  # ordinal 1 (0001-01-01) is a Monday
    weeks, rest = divmod(n, 7)
    return weeks * 5 + min(rest, 5)


def _count_in(sorted_days: tuple[date, ...], after: date, through: date) -> int:
    """How many of `sorted_days` fall in (after, through]."""
    return bisect_right(sorted_days, through) - bisect_right(sorted_days, after)


def working_days_between(after: date, through: date, cal: WorkCalendar) -> int:
    """Working days d with after < d <= through; 0 when `through` is not later."""
    if through <= after:
        return 0
    plain = _weekdays_through(through) - _weekdays_through(after)
    return plain - _count_in(cal._off, after, through) + _count_in(cal._on, after, through)


def add_working_days(start: date, n: int, cal: WorkCalendar) -> date:
    """The day on which the n-th working day after `start` falls (start itself not counted)."""
    if n < 0:
        raise ValueError("n must not be negative")
    day, left = start, n
    while left:
        day += timedelta(days=1)
        if cal.is_workday(day):
            left -= 1
    return day


def overdue_working_days(deadline: date | None, until: date, cal: WorkCalendar) -> int:
    """Working days after the deadline up to `until` (today, or the closing date)."""
    if deadline is None:
        return 0
    return working_days_between(deadline, until, cal)
