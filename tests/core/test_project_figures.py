"""A project's figures at an instant and the increments of a month (sync.project_figures),
over tables of progress histories written out by hand."""

from decimal import Decimal

import pytest

from sync.project_figures import added_in, rate, value_at


def _history_figures(entered, updates, start, end, current=None):
    """What the report computes for a history: `updates` are (time, figure) pairs in the
    order stored; the month is start <= t < end (end: the as-of instant)."""
    before = [f for t, f in updates if t < start]
    inside = [f for t, f in updates if start <= t < end]
    after = [f for t, f in updates if t >= end]
    current = current if current is not None else (updates[-1][1] if updates else entered)
    upto = inside[-1] if inside else (before[-1] if before else None)
    return (added_in(before[-1] if before else None, inside[0] if inside else None,
                     inside[-1] if inside else None),
            value_at(current, upto, after[0] if after else None))


@pytest.mark.parametrize("updates,added,at_end", [
    ([], 0, 50),                                       # entered with 50, never updated
    ([(1, 60)], 0, 60),                                # a first update before the month
    ([(1, 60), (5, 80)], 20, 80),                      # one update in the month
    ([(1, 60), (5, 80), (6, 95)], 35, 95),             # two: they telescope
    ([(5, 80), (6, 95)], 15, 95),                      # the month's first update adds 0
    ([(5, 80), (12, 120)], 0, 80),                     # an update after the month
    ([(1, 60), (12, 120), (13, 130)], 0, 60),          # two after it
    ([(12, 120)], 0, 120),                             # only after: its figure is the first known
    ([(1, 60), (5, 80), (12, 120)], 20, 80),
])
def test_a_month_from_4_to_10(updates, added, at_end):
    assert _history_figures(50, updates, 4, 10) == (added, at_end)


def test_a_correction_by_the_office_counts_once_nothing_is_reported_after_it():
    # the update at 12 typed 1,100 for 110; the office corrected the project to 110
    updates = [(5, 80), (12, 1100)]
    assert _history_figures(50, updates, 4, 10, current=Decimal(110)) == (0, 80)
    assert _history_figures(50, updates, 10, 20, current=Decimal(110)) == (1020, 110)
    # a correction inside a month between two updates: the increments still telescope
    assert _history_figures(50, [(5, 80), (6, 1100), (7, 120)], 4, 10) == (40, 120)


def test_the_months_add_up_to_the_growth():
    updates = [(1, 60), (5, 80), (6, 95), (12, 120), (15, 150), (25, 151)]
    ends = [(0, 10), (10, 20), (20, 30)]
    added = [_history_figures(50, updates, s, e)[0] for s, e in ends]
    values = [_history_figures(50, updates, s, e)[1] for s, e in ends]
    assert added == [35, 55, 1] and values == [95, 150, 151]
    assert values[1] - values[0] == added[1] and values[2] - values[1] == added[2]


def test_rate_is_none_over_nothing_and_rounds_half_up():
    assert rate(Decimal(1), Decimal(0)) is None
    assert rate(Decimal("1"), Decimal("3")) == Decimal("0.3333")
    assert rate(Decimal("0.00005"), Decimal("1")) == Decimal("0.0001")
