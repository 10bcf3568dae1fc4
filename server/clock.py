"""The server's clock, with a shift used only to back-date the demo's history."""

from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime, timedelta

_shift: ContextVar[timedelta] = ContextVar("clock_shift", default=timedelta(0))


def utcnow() -> datetime:
    """Now in UTC as a naive datetime, the form every timestamp column stores."""
    return datetime.now(UTC).replace(tzinfo=None) + _shift.get()


@contextmanager
def shifted(delta: timedelta):
    """Run a block as if the clock read `delta` later (negative: earlier)."""
    token = _shift.set(delta)
    try:
        yield
    finally:
        _shift.reset(token)
