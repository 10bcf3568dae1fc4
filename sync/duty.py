"""丈量 duty: which days cadres are expected on site, when a check-in counts as out, and
when an area is due under the rotation (循环丈量). Pure: the calendar and the settings
come in as values, so the server, the reports and the tests share one rule.

- Duty days (丈量日): the configured weekdays (default Friday) and the first N working
  days of each month (default 5, the 丈量周), both on the official calendar: a make-up
  working day (调休) counts as a working day, a holiday that falls on a duty weekday is
  not a duty day.
- Out (到岗): a check-in at one of the cadre's assigned areas, inside the area's radius
  widened by the fix's accuracy, counts for the local day of its phone time.
- Rotation: an assigned area is due when nobody assigned to it has been out there for
  `rotation_weeks` weeks (or ever).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from sync.workdays import WorkCalendar

FRIDAY = 4


@dataclass(frozen=True)
class DutyRule:
    """The settings of the duty rule."""

    weekdays: frozenset[int] = frozenset({FRIDAY})   # Monday = 0
    month_days: int = 5                               # first N working days of a month
    rotation_weeks: int = 4


def month_duty_days(year: int, month: int, rule: DutyRule, cal: WorkCalendar) -> list[date]:
    """The first `rule.month_days` working days of a month (the 丈量周)."""
    out, day = [], date(year, month, 1)
    while len(out) < rule.month_days and day.month == month:
        if cal.is_workday(day):
            out.append(day)
        day += timedelta(days=1)
    return out


def is_duty_day(day: date, rule: DutyRule, cal: WorkCalendar) -> bool:
    """Whether cadres are expected on site on `day`."""
    if day.weekday() in rule.weekdays and cal.is_workday(day):
        return True
    return day in month_duty_days(day.year, day.month, rule, cal)


def in_duty_week(day: date, rule: DutyRule, cal: WorkCalendar) -> bool:
    """Whether `day` is one of the month's first working days (the 丈量周)."""
    return day in month_duty_days(day.year, day.month, rule, cal)


def duty_days(first: date, last: date, rule: DutyRule, cal: WorkCalendar) -> list[date]:
    """Every duty day from `first` to `last`, both included, in order."""
    days, day = [], first
    while day <= last:
        if is_duty_day(day, rule, cal):
            days.append(day)
        day += timedelta(days=1)
    return days


def next_duty_day(today: date, rule: DutyRule, cal: WorkCalendar, horizon: int = 400
                  ) -> date | None:
    """Today if it is a duty day, else the next one (None if none within `horizon`)."""
    for n in range(horizon):
        day = today + timedelta(days=n)
        if is_duty_day(day, rule, cal):
            return day
    return None


def counts_as_out(distance_m: float | None, radius_m: float | None,
                  accuracy_m: float | None) -> bool:
    """A check-in counts as out when it is inside the area's radius widened by the fix's
    accuracy; with no distance or no radius known it cannot be judged and does not count."""
    if distance_m is None or radius_m is None:
        return False
    return distance_m <= radius_m + max(0.0, accuracy_m or 0.0)


def weeks_since(last_visit: date | None, today: date) -> int | None:
    """Whole weeks from the last visit to today (None: never visited)."""
    if last_visit is None:
        return None
    return max(0, (today - last_visit).days) // 7


def rotation_due(last_visit: date | None, today: date, rule: DutyRule) -> bool:
    """Whether an area must be visited now: never, or not for `rotation_weeks` weeks."""
    weeks = weeks_since(last_visit, today)
    return weeks is None or weeks >= rule.rotation_weeks
