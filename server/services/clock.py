"""The deployment's local date: overdue and deadlines count in its time zone."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app

from server.clock import utcnow


def local_now() -> datetime:
    """Now as an aware datetime in the configured time zone."""
    return utcnow().replace(tzinfo=UTC).astimezone(ZoneInfo(current_app.config["TIMEZONE"]))


def local_today() -> date:
    """Today's date in the configured time zone (Asia/Shanghai by default)."""
    return local_now().date()


def utc_offset_minutes() -> int:
    """The configured time zone's offset from UTC now, in minutes (480 in China)."""
    return int(local_now().utcoffset().total_seconds() // 60)


def local_date(utc_naive: datetime | None) -> date | None:
    """The local calendar date of a stored (naive UTC) time."""
    if utc_naive is None:
        return None
    zone = ZoneInfo(current_app.config["TIMEZONE"])
    return utc_naive.replace(tzinfo=UTC).astimezone(zone).date()
