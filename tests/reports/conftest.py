"""Fixtures for the report tests: a frozen clock and a ledger with a known history.

The clock is frozen at Friday 2026-11-27 10:00 (Beijing time), in ISO week
2026-W48, so the working-day figures depend on the real 2026 calendar and not on
the day the tests run.
"""

from datetime import UTC, datetime, timedelta

import pytest

from server.clock import shifted
from tests.api.conftest import auth, new_item, org  # noqa: F401 - fixtures
from tests.reports.scenario import build_ledger

TODAY = datetime(2026, 11, 27)
NOW_UTC = datetime(2026, 11, 27, 2, 0)  # 10:00 in Asia/Shanghai


def shift_to(utc_naive: datetime) -> timedelta:
    """The clock shift that makes `utcnow()` read `utc_naive`."""
    return utc_naive - datetime.now(UTC).replace(tzinfo=None)


@pytest.fixture(autouse=True)
def frozen_clock():
    """Every report test runs on Friday 2026-11-27 at 10:00 local time."""
    with shifted(shift_to(NOW_UTC)):
        yield


@pytest.fixture
def ledger(app, org):  # noqa: F811 - the imported fixture
    """The scenario of tests/reports/scenario.py; returns its item ids by letter."""
    with app.app_context():
        return build_ledger(org)


@pytest.fixture
def min_sample(app):
    """Set the ranking's minimum sample for one test."""
    saved = app.config.get("REPORT_MIN_SAMPLE")

    def set_to(n):
        app.config["REPORT_MIN_SAMPLE"] = n

    yield set_to
    if saved is None:
        app.config.pop("REPORT_MIN_SAMPLE", None)
    else:
        app.config["REPORT_MIN_SAMPLE"] = saved
