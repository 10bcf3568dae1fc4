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
