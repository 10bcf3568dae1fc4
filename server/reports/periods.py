"""Report periods: an ISO week `2026-W48`, a month `2026-11`, two months `2026-B6`
(双月评议: B1 is January–February … B6 November–December), a quarter `2026-Q4`, a half
year `2026-H2` and a year `2026`.

A period is parsed strictly, refused when it has not started yet (today in the
deployment's time zone), and turned into UTC bounds for the timestamp columns,
which store naive UTC. The "as of" day is the period's last day, or today for the
period in progress: stock figures (在办, 逾期) are counted at the end of that day.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app

from server.clock import utcnow
from server.errors import ApiError
from server.services.clock import local_today

_FORMATS = {
    "week": (re.compile(r"^(\d{4})-W(\d{2})$", re.ASCII), "YYYY-Www，如 2026-W48"),
    "month": (re.compile(r"^(\d{4})-(\d{2})$", re.ASCII), "YYYY-MM，如 2026-11"),
    "bimonth": (re.compile(r"^(\d{4})-B(\d)$", re.ASCII),
                "YYYY-Bn（n 为 1–6，B1 为 1–2 月），如 2026-B6"),
    "quarter": (re.compile(r"^(\d{4})-Q(\d)$", re.ASCII), "YYYY-Qn，如 2026-Q4"),
    "half": (re.compile(r"^(\d{4})-H(\d)$", re.ASCII),
             "YYYY-Hn（H1 上半年，H2 下半年），如 2026-H2"),
    # a year has no number within it: the empty group reads as 1
    "year": (re.compile(r"^(\d{4})()$", re.ASCII), "YYYY，如 2026"),
}
# Periods made of whole months: (months in one, how many in a year).
_MONTHS = {"month": (1, 12), "bimonth": (2, 6), "quarter": (3, 4), "half": (6, 2),
           "year": (12, 1)}
_YEARS = range(2000, 2101)
_QUARTER_NAMES = "一二三四"


@dataclass(frozen=True)
class Period:
    """A closed range of local dates with its key and its Chinese title."""

    kind: str
    key: str
    start: date
    end: date
    title: str
    span: str


@dataclass(frozen=True)
class Window:
    """A period placed on the clock: UTC bounds, the as-of day and the snapshot instant."""

    period: Period
    start_utc: datetime
    end_utc: datetime
    asof: date
    asof_utc: datetime
    utc_offset_minutes: int
    complete: bool


def _bad(kind: str, value: str):
    """The error for a malformed period."""
    return ApiError("bad_period", {"field": kind, "value": value[:20],
                                   "expected": _FORMATS[kind][1]})


def _bounds(kind: str, year: int, n: int) -> tuple[date, date]:
    """First and last day of week (month, two months, quarter, half) number n of `year`."""
    if kind == "week":
        first = date.fromisocalendar(year, n, 1)
        return first, first + timedelta(days=6)
    months, per_year = _MONTHS[kind]
    if not 1 <= n <= per_year:
        raise ValueError(n)
    first_month = (n - 1) * months + 1
    first = date(year, first_month, 1)
    nxt = date(year + (first_month + months > 12), (first_month + months - 1) % 12 + 1, 1)
    return first, nxt - timedelta(days=1)


def _title(kind: str, year: int, n: int) -> str:
    """How the period is named on a bulletin."""
    if kind == "week":
        return f"{year}年第{n}周"
    if kind == "month":
        return f"{year}年{n}月"
    if kind == "bimonth":
        return f"{year}年{2 * n - 1}—{2 * n}月"
    if kind == "half":
        return f"{year}年{'上' if n == 1 else '下'}半年"
    if kind == "year":
        return f"{year}年度"
    return f"{year}年第{_QUARTER_NAMES[n - 1]}季度"


def _span(start: date, end: date) -> str:
    """11月23日至29日 / 11月30日至12月6日 / 2026年12月28日至2027年1月3日."""
    head = f"{start.month}月{start.day}日"
    if start.year != end.year:
        return f"{start.year}年{head}至{end.year}年{end.month}月{end.day}日"
    if start.month == end.month:
        return f"{head}至{end.day}日"
    return f"{head}至{end.month}月{end.day}日"


def parse_period(kind: str, value: str, today: date | None = None) -> Period:
    """Parse and validate a period key; bad_period or future_period otherwise."""
    value = (value or "").strip()
    match = _FORMATS[kind][0].match(value)
    if not match:
        raise _bad(kind, value)
    year, n = int(match.group(1)), int(match.group(2) or 1)
    try:
        if year not in _YEARS:
            raise ValueError(year)
        start, end = _bounds(kind, year, n)
    except ValueError:
        raise _bad(kind, value) from None
    today = today or local_today()
    if start > today:
        raise ApiError("future_period", {"field": kind, "value": value,
                                         "starts": start.isoformat()})
    return Period(kind, value, start, end, _title(kind, year, n), _span(start, end))


def current_key(kind: str, today: date) -> str:
    """The key of the period containing `today`."""
    if kind == "week":
        iso = today.isocalendar()
        return f"{iso.year}-W{iso.week:02d}"
    if kind == "month":
        return f"{today.year}-{today.month:02d}"
    if kind == "year":
        return str(today.year)
    months, _ = _MONTHS[kind]
    return f"{today.year}-{kind[0].upper()}{(today.month - 1) // months + 1}"


def local_midnight_utc(day: date, tz: ZoneInfo) -> datetime:
    """The naive UTC instant at which local `day` begins."""
    aware = datetime(day.year, day.month, day.day, tzinfo=tz)
    return aware.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)


def window(period: Period) -> Window:
    """Place a period on the clock of this deployment."""
    tz = ZoneInfo(current_app.config["TIMEZONE"])
    today = local_today()
    complete = period.end < today
    asof = period.end if complete else today
    end_utc = local_midnight_utc(period.end + timedelta(days=1), tz)
    asof_utc = end_utc if complete else utcnow()
    offset = datetime(period.start.year, period.start.month, period.start.day,
                      tzinfo=tz).utcoffset()
    return Window(period, local_midnight_utc(period.start, tz), end_utc, asof, asof_utc,
                  int(offset.total_seconds() // 60), complete)
