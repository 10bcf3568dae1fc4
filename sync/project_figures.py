"""A project's figures at the end of a month, from its progress updates (月度进展).

Pure functions over plain values, used by the 月度进展 report and the 季排名. Decisions
(README, 月度进展):
- a progress update stores the project's figures after it (percent, investment done), so
  an update's increment is its figure minus the project's previous update's; the first
  update has no earlier figure to compare with (the figure entered with the project is
  not kept), so its increment is 0: the report never counts as done in a month what was
  entered with the project before;
- the increments of a run of updates telescope: their sum is the last figure minus the
  figure before the run (the update before it, else the run's first update);
- a figure at an instant is the stored one (with the office's corrections) when nothing
  was reported after it; otherwise that of the last update up to it, or, for a project
  first updated after it, of that first update (the earliest figure known);
- a milestone was late on a day when it was past its date and not done by that day
  (sync.projects.is_late, with a completion after that day read as not done yet).
"""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sync.projects import is_late

Number = Decimal | int


def added_in(before: Number | None, first_in: Number | None,
             last_in: Number | None) -> Number:
    """The increments of the updates in a period: the figure of its last update minus that
    of the update before the period, else of its own first update (0 with none)."""
    if last_in is None:
        return 0
    return last_in - (before if before is not None else first_in)


def value_at(current: Number, upto: Number | None, first_after: Number | None) -> Number:
    """The figure at an instant: the stored one when no update came after it, else that of
    the last update up to it (`upto`), else that of the first update after it."""
    if first_after is None:
        return current
    return upto if upto is not None else first_after


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
