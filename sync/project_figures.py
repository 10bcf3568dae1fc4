"""A project's figures at the end of a month, from its progress updates (月度进展).

Pure functions over plain values, used by the 月度进展 report and the 季排名. Decisions
(README, 月度进展):
- a progress update stores the project's figures just before it (`*_before`: percent,
  investment done) and after it, so an update's increment is its figure minus its own
  `*_before`; the first update's `*_before` is the figure the project was entered (or
  imported) with, so what the first update adds is counted like any other;
- a month's increment is the figure of its last update minus the figure at its start
  (that of the last update before it, else the `*_before` of its own first update), 0
  without an update in it: the sum of its updates' increments when nothing was corrected
  between them; it telescopes like the figures at an instant below, so the months add up
  to the growth, and an office correction between two updates (a typing error put right)
  counts in the month of the update after it (corrections carry no date);
- a figure at an instant is the stored one (with the office's corrections) when nothing
  was reported after it; otherwise that of the last update up to it, or, for a project
  first updated after it, the `*_before` of that first update (its figure then);
- a milestone was late on a day when it was past its date and not done by that day
  (sync.projects.is_late, with a completion after that day read as not done yet).

The report reads the marking updates in SQL (server/reports/project_sql.py);
`period_figures` states the same choice over a whole history, and
tests/reports/test_project_figures_sql.py runs both over the same histories.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sync.projects import is_late

Number = Decimal | int


@dataclass(frozen=True)
class Update:
    """One progress update as the figures see it: when, the figure before it and after it."""

    at: object  # anything ordered: a datetime in the report, a number in the tables
    before: Number
    after: Number


def increment(update: Update) -> Number:
    """What one update added: its figure minus its own `*_before`."""
    return update.after - update.before


def added_in(before: Number | None, first_in_before: Number | None,
             last_in: Number | None) -> Number:
    """A period's increment: the figure of its last update minus the figure at its start,
    that of the update before the period, else its first update's `*_before` (0 with no
    update in it)."""
    if last_in is None:
        return 0
    return last_in - (before if before is not None else first_in_before)


def value_at(current: Number, upto: Number | None, next_before: Number | None) -> Number:
    """The figure at an instant: the stored one when no update came after it (`next_before`
    None), else that of the last update up to it (`upto`), else the `*_before` of the
    first update after it."""
    if next_before is None:
        return current
    return upto if upto is not None else next_before


def period_figures(current: Number, updates: Sequence[Update], start,
                   end) -> tuple[Number, Number]:
    """(the period's increment, the figure at its end) from a project's whole history:
    `updates` in the order stored, the period start <= at < end, `current` the stored
    figure."""
    before = [u for u in updates if u.at < start]
    inside = [u for u in updates if start <= u.at < end]
    after = [u for u in updates if u.at >= end]
    last = inside[-1] if inside else (before[-1] if before else None)
    added = added_in(before[-1].after if before else None,
                     inside[0].before if inside else None,
                     inside[-1].after if inside else None)
    return added, value_at(current, last.after if last else None,
                           after[0].before if after else None)


def done_by(done_on: date | None, day: date) -> date | None:
    """The completion day of a milestone as known on `day` (None: not done yet then)."""
    return done_on if done_on is not None and done_on <= day else None


def late_on(due: date, done_on: date | None, day: date) -> bool:
    """节点滞后 on `day`: past its date and not done by then (sync.projects.is_late)."""
    return is_late(due, done_by(done_on, day), day)


def rate(part: Decimal, whole: Decimal) -> Decimal | None:
    """part ÷ whole to four places; None over nothing (shown as —)."""
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001"), ROUND_HALF_UP)
