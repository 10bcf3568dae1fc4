"""Chinese names of the ledger's codes, and local-time display of stored UTC times."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask import current_app

STATUS_NAMES = {"new": "待交办", "assigned": "整改中", "rectified": "待验收",
                "long_term": "长期整改", "closed": "已销号", "rejected": "不予受理",
                "merged": "已合并"}
SATISFACTION_NAMES = {"satisfied": "满意", "basic": "基本满意", "unsatisfied": "不满意"}
SEVERITY_NAMES = {"urgent": "紧急", "normal": "一般"}


def localizer():
    """A fast naive-UTC -> naive-local converter (whole seconds) for long exports."""
    tz = ZoneInfo(current_app.config["TIMEZONE"])

    def local(at: datetime | None) -> datetime | None:
        if at is None:
            return None
        return at.replace(tzinfo=UTC, microsecond=0).astimezone(tz).replace(tzinfo=None)

    return local


def to_local(at: datetime | None, aware: bool = False) -> datetime | None:
    """A stored naive-UTC timestamp in the deployment's time zone (naive for spreadsheets)."""
    if at is None:
        return None
    local = at.replace(tzinfo=UTC).astimezone(ZoneInfo(current_app.config["TIMEZONE"]))
    return local if aware else local.replace(tzinfo=None)


def percent(rate, places: int = 2) -> str:
    """0.8333 -> '83.33%'; None -> '—'."""
    return "—" if rate is None else f"{float(rate) * 100:.{places}f}%"
