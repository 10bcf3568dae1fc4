"""The official Chinese working-day calendar of this deployment.

Built from the maintained `chinese_calendar` package (State Council holidays and
make-up working days, 调休) plus an optional deployment file named by the
`CALENDAR_FILE` setting (env `ZHANGLIANG_CALENDAR_FILE`), JSON of the form
`{"2027": {"holidays": ["2027-01-01", ...], "workdays": ["2027-02-07", ...]}}`.
A year listed in the file replaces the package's data for that year, so a county
can add next year's calendar as soon as it is published. Years nobody covers fall
back to plain Monday-to-Friday, and the start-up check warns about them.
"""

import json
import logging
from datetime import UTC, date
from pathlib import Path
from zoneinfo import ZoneInfo

import chinese_calendar
from flask import current_app

from server.clock import utcnow
from server.reports.settings import setting
from server.services.clock import local_today
from sync.workdays import WorkCalendar, add_working_days

log = logging.getLogger(__name__)
_KEY = "zl_work_calendar"


class CalendarFileError(ValueError):
    """The deployment's calendar file is unreadable or malformed."""


def _package_days() -> tuple[dict[int, set], dict[int, set]]:
    """Holidays and make-up working days of the package, by year."""
    off: dict[int, set] = {}
    on: dict[int, set] = {}
    for day in chinese_calendar.holidays:
        off.setdefault(day.year, set()).add(day)
    for day in chinese_calendar.workdays:
        on.setdefault(day.year, set()).add(day)
    return off, on


def _parse_day(text, year: int, path: str) -> date:
    """One ISO date of the file, which must lie in its year."""
    try:
        day = date.fromisoformat(str(text))
    except ValueError as exc:
        raise CalendarFileError(f"{path}: {text!r} is not a YYYY-MM-DD date") from exc
    if day.year != year:
        raise CalendarFileError(f"{path}: {day} is listed under {year}")
    return day


def read_calendar_file(path: str) -> dict[int, tuple[set, set]]:
    """year -> (holidays, workdays) from the deployment's JSON file."""
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CalendarFileError(f"cannot read calendar file {path}: {exc}") from exc
    if not isinstance(raw, dict):
        raise CalendarFileError(f"{path}: expected an object keyed by year")
    out = {}
    for key, spec in raw.items():
        if not (isinstance(key, str) and key.isdigit() and len(key) == 4):
            raise CalendarFileError(f"{path}: {key!r} is not a year")
        if not isinstance(spec, dict) or set(spec) - {"holidays", "workdays"}:
            raise CalendarFileError(f"{path}: {key} needs only 'holidays' and 'workdays' lists")
        year = int(key)
        out[year] = tuple({_parse_day(d, year, path) for d in spec.get(name) or []}
                          for name in ("holidays", "workdays"))
    return out


def build_calendar(path: str | None = None) -> WorkCalendar:
    """The package's calendar with the deployment file's years laid over it."""
    off, on = _package_days()
    for year, (holidays, workdays) in (read_calendar_file(path) if path else {}).items():
        off[year], on[year] = holidays, workdays
    try:
        return WorkCalendar(holidays=frozenset().union(*off.values()),
                            workdays=frozenset().union(*on.values()),
                            years=frozenset(off) | frozenset(on))
    except ValueError as exc:
        raise CalendarFileError(f"{path}: {exc}") from exc


def calendar_for(app) -> WorkCalendar:
    """The app's calendar, built once and kept in `app.extensions`."""
    cal = app.extensions.get(_KEY)
    if cal is None:
        cal = build_calendar(setting("CALENDAR_FILE", None, app))
        app.extensions[_KEY] = cal
    return cal


def current_calendar() -> WorkCalendar:
    """The calendar of the app handling this request."""
    return calendar_for(current_app)


def missing_years(cal: WorkCalendar, today: date) -> list[int]:
    """This year and next year, where the calendar does not know their holidays."""
    return [y for y in (today.year, today.year + 1) if not cal.covers(y)]


def check_coverage(app) -> list[int]:
    """At start-up: load the calendar and warn about uncovered years; returns them."""
    cal = calendar_for(app)
    today = utcnow().replace(tzinfo=UTC).astimezone(ZoneInfo(app.config["TIMEZONE"])).date()
    missing = missing_years(cal, today)
    for year in missing:
        log.warning("working-day calendar has no holidays for %s: deadlines and overdue days "
                    "in %s count Monday to Friday only; upgrade chinesecalendar or add the "
                    "year to ZHANGLIANG_CALENDAR_FILE", year, year)
    return missing


def deadline_after_working_days(n: int) -> date:
    """The deadline n working days after today (today not counted)."""
    return add_working_days(local_today(), n, current_calendar())
