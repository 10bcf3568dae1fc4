"""The SQL copies of the overdue rule agree with its source, sync.workflow.is_overdue,
row by row of tests/overdue_cases.py, on SQLite and PostgreSQL.

Rectification times are stored in UTC at 07:30 local time, i.e. the evening before in
UTC: a copy that took the UTC date would judge them a day early and fail here.
"""

from datetime import datetime, time, timedelta

from sqlalchemy import select

from server.extensions import db
from server.models import Item
from server.reports import sql
from server.reports.periods import Period, Window
from server.services.queries import overdue_clause
from sync.workflow import is_overdue
from tests.overdue_cases import CASES, TODAY

OFFSET = 480  # Asia/Shanghai, the tests' deployment zone


def _utc(local_day, at=time(7, 30)):
    """A local wall time in Asia/Shanghai as the naive UTC the database stores."""
    return datetime.combine(local_day, at) - timedelta(minutes=OFFSET)


def _items(org) -> dict[int, tuple]:
    """One item per case; id -> (status, deadline, rectified_on)."""
    made = {}
    for status, deadline, _today, rectified_on, _overdue in CASES:
        item = Item(status=status, category="infrastructure", area_id=org.areas["郭老庄"],
                    description=f"{status} {deadline} {rectified_on}", deadline=deadline,
                    created_at=_utc(TODAY - timedelta(days=60)),
                    rectified_at=_utc(rectified_on) if rectified_on else None)
        db.session.add(item)
        db.session.flush()
        made[item.id] = (status, deadline, rectified_on)
    db.session.commit()
    return made


def _window(asof) -> Window:
    """The period in progress, as of `asof` (its snapshot is the end of that day)."""
    period = Period("week", "2026-W49", asof - timedelta(days=3), asof + timedelta(days=3),
                    "第49周", "")
    return Window(period, _utc(period.start, time(0)),
                  _utc(period.end + timedelta(days=1), time(0)), asof,
                  _utc(asof + timedelta(days=1), time(0)), OFFSET, False)


DAYS = sorted({case[2] for case in CASES})


def _want(made, today) -> set[int]:
    """The items the source calls overdue on `today`."""
    return {i for i, (status, deadline, rectified_on) in made.items()
            if is_overdue(status, deadline, today, rectified_on)}


def test_source_table_holds():
    for status, deadline, today, rectified_on, overdue in CASES:
        assert is_overdue(status, deadline, today, rectified_on) is overdue


def test_ledger_filter_is_the_rule(ctx, org):
    made = _items(org)
    for today in DAYS:
        got = set(db.session.execute(select(Item.id).where(overdue_clause(today))).scalars())
        assert got == _want(made, today), today


def test_bulletin_overdue_is_the_rule(ctx, org):
    made = _items(org)
    for today in DAYS:
        got = set(db.session.execute(select(Item.id).where(sql.overdue_at(_window(today))))
                  .scalars())
        assert got == _want(made, today), today
