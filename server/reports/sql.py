"""SQL building blocks shared by the reports, for SQLite and PostgreSQL alike.

The definitions written on the bulletins live here once: an item is open at the
snapshot instant when it was created before it, was not rejected or merged and was
not closed by then; it is overdue when also its deadline is before the day it is
judged on (the as-of day, or for an item waiting for verification the day it was
rectified: sync.workflow.judged_on); it was closed on time when its closing day (local
time) is not after its deadline.
"""

from sqlalchemy import Date, and_, case, func, literal_column, or_
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement, FunctionElement

from server.models import Event, Item
from server.reports.periods import Window
from sync.workflow import OPEN_STATES, RECTIFIED


class local_date(FunctionElement):  # noqa: N801 - reads as a SQL function
    """The local calendar date of a naive-UTC timestamp column, shifted by whole minutes.

    The minutes are a literal column (not a bound value) so that the statement cache
    never reuses SQL compiled for another offset.
    """

    type = Date()
    inherit_cache = True
    name = "local_date"


def _parts(element, compiler, **kw) -> tuple[str, int]:
    """The compiled column and the minute offset of a local_date()."""
    column, minutes = list(element.clauses)
    return compiler.process(column, **kw), int(compiler.process(minutes, **kw))


@compiles(local_date, "postgresql")
def _local_date_pg(element, compiler, **kw):
    """PostgreSQL: add an interval, cast to date."""
    column, minutes = _parts(element, compiler, **kw)
    return f"CAST(({column} + INTERVAL '{minutes} minutes') AS DATE)"


@compiles(local_date)
def _local_date_sqlite(element, compiler, **kw):
    """SQLite (and the default): the date() function with a modifier."""
    column, minutes = _parts(element, compiler, **kw)
    return f"date({column}, '{minutes:+d} minutes')"


def local_day(column, w: Window):
    """`column` as a local date in the window's time zone."""
    return local_date(column, literal_column(str(int(w.utc_offset_minutes))))


def count_if(condition) -> ColumnElement:
    """COUNT of the rows meeting `condition`, as SUM(CASE ...) (0, never NULL, per group)."""
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def during(column, w: Window):
    """The timestamp falls inside the period."""
    return and_(column >= w.start_utc, column < w.end_utc)


def open_at(w: Window):
    """The item was open at the snapshot instant.

    For the period in progress the snapshot is now, and open is simply an open status
    (closing is final and the only thing that sets closed_at), which lets PostgreSQL
    use the (status, deadline) index; past periods are reconstructed from timestamps.
    """
    if not w.complete:
        return and_(Item.status.in_(OPEN_STATES), Item.created_at < w.asof_utc)
    return and_(Item.created_at < w.asof_utc, Item.status.not_in(("rejected", "merged")),
                or_(Item.closed_at.is_(None), Item.closed_at >= w.asof_utc))


def _judged_late(today, offset_minutes: int):
    """The deadline had passed on the day the item is judged on: the day it was
    rectified while it waits for verification, else `today` (sync.workflow.judged_on)."""
    rectified_on = local_date(Item.rectified_at, literal_column(str(int(offset_minutes))))
    waiting = and_(Item.status == RECTIFIED, Item.rectified_at.is_not(None))
    return and_(Item.deadline < today, or_(~waiting, Item.deadline < rectified_on))


def overdue_now(today, offset_minutes: int):
    """Open items overdue today: the SQL twin of sync.workflow.is_overdue."""
    return and_(Item.status.in_(OPEN_STATES), Item.deadline.is_not(None),
                _judged_late(today, offset_minutes))


def overdue_at(w: Window):
    """The item was open at the snapshot and its deadline had passed on the day it is
    judged on (the as-of day; for one now waiting for verification, its rectification
    day: past periods read today's status, as they do for merged and rejected)."""
    return and_(open_at(w), Item.deadline.is_not(None), Item.deadline < w.asof,
                _judged_late(w.asof, w.utc_offset_minutes))


def closed_during(w: Window):
    """The item was closed (销号) in the period."""
    return and_(Item.closed_at.is_not(None), during(Item.closed_at, w))


def closed_on_time(w: Window):
    """Closed in the period, on or before its deadline (local closing day)."""
    return and_(closed_during(w), Item.deadline.is_not(None),
                local_day(Item.closed_at, w) <= Item.deadline)


def relevant(w: Window):
    """Items that can count in the period at all: created before its end, not closed
    before its start (a cheap prefilter; each measure has its own condition)."""
    return and_(Item.created_at < w.end_utc,
                or_(Item.closed_at.is_(None), Item.closed_at >= w.start_utc))


def verifications(w: Window):
    """Verify events in the period (验收次数)."""
    return and_(Event.action == "verify", during(Event.at, w))


def rechecks(w):
    """周抽查 re-check events in the period (复核次数)."""
    return and_(Event.action == "recheck", during(Event.at, w))


def rebounds(w):
    """Failed re-checks in the period: the closed item reopened (反弹)."""
    return and_(rechecks(w), Event.to_state == "assigned")


RETURNED = Event.to_state == "assigned"
# The event body is canonical JSON (sorted keys, no spaces), so this is exact.
UNSATISFIED = Event.body.like('%"satisfaction":"unsatisfied"%')
