"""A project's figures at an instant and the increments of a month (sync.project_figures),
over tables of progress histories written out by hand: each update keeps the figure
before it, so a project's first update adds to the figure it was entered with."""

from decimal import Decimal

import pytest

from sync.project_figures import Update, added_in, increment, period_figures, rate, value_at


def _chain(entered, steps) -> list[Update]:
    """Updates from (time, figure) pairs in the order stored, nothing corrected between
    them: each starts from the figure before it (the entry figure for the first)."""
    out, before = [], entered
    for at, figure in steps:
        out.append(Update(at, before, figure))
        before = figure
    return out


def _month(entered, steps, start=4, end=10, current=None):
    """(added, figure at the end) of the month start <= t < end, entered with `entered`."""
    updates = _chain(entered, steps)
    current = current if current is not None else (steps[-1][1] if steps else entered)
    return period_figures(current, updates, start, end)


@pytest.mark.parametrize("steps,added,at_end", [
    ([], 0, 50),                                       # entered with 50, never updated
    ([(1, 60)], 0, 60),                                # a first update before the month
    ([(5, 80)], 30, 80),                               # the first update adds to the entry
    ([(1, 60), (5, 80)], 20, 80),                      # one update in the month
    ([(1, 60), (5, 80), (6, 95)], 35, 95),             # two: they telescope
    ([(5, 80), (6, 95)], 45, 95),                      # the month's first is the project's
    ([(5, 80), (12, 120)], 30, 80),                    # an update after the month
    ([(1, 60), (12, 120), (13, 130)], 0, 60),          # two after it
    ([(12, 120)], 0, 50),                              # only after: the figure entered with
    ([(12, 50)], 0, 50),                               # a first update that adds nothing
    ([(1, 60), (5, 80), (12, 120)], 20, 80),
    ([(3, 50), (4, 70)], 20, 70),                      # at the month's first instant: in it
    ([(10, 70)], 0, 50),                               # at the as-of instant: after it
])
def test_a_month_from_4_to_10_entered_with_50(steps, added, at_end):
    assert _month(50, steps) == (added, at_end)


@pytest.mark.parametrize("entered,steps,added,at_end", [
    # entered with 1.22 亿, first reported 1.30 亿 in the month: it added 0.08 亿
    (Decimal("12200"), [(5, Decimal("13000"))], Decimal("800"), Decimal("13000")),
    (Decimal("12200"), [(12, Decimal("13000"))], 0, Decimal("12200")),
    (0, [(5, Decimal("8000.50"))], Decimal("8000.50"), Decimal("8000.50")),
    (0, [(12, 5000)], 0, 0),
])
def test_the_figure_entered_with_counts_before_and_under_the_first_update(entered, steps,
                                                                           added, at_end):
    assert _month(entered, steps) == (added, at_end)


def test_without_corrections_a_month_adds_its_updates_increments():
    updates = _chain(50, [(1, 60), (5, 80), (6, 95), (8, 95), (9, 130), (12, 150)])
    inside = [u for u in updates if 4 <= u.at < 10]
    assert [increment(u) for u in inside] == [20, 15, 0, 35]
    assert period_figures(150, updates, 4, 10)[0] == sum(increment(u) for u in inside) == 70


def test_a_correction_by_the_office_counts_once_nothing_is_reported_after_it():
    # the update at 12 typed 1,100 for 110; the office corrected the project to 110
    updates = _chain(50, [(5, 80), (12, 1100)])
    assert period_figures(Decimal(110), updates, 4, 10) == (30, 80)
    assert period_figures(Decimal(110), updates, 10, 20) == (1020, 110)


def test_a_correction_between_two_updates_counts_in_the_month_of_the_next():
    # 1,100 typed for 110 at 6, corrected by the office to 110, then 120 reported at 7:
    # within the month the typing error cancels out (not 30 + 1,020 + 10)
    typo = [Update(5, 50, 80), Update(6, 80, 1100), Update(7, 110, 120)]
    assert period_figures(120, typo, 4, 10) == (70, 120)
    # the error stood at the end of the month it was typed in, the correction falls in the
    # next: the months still add up to the growth
    later = [Update(5, 50, 80), Update(6, 80, 1100), Update(12, 110, 120)]
    months = [period_figures(120, later, s, e) for s, e in ((0, 10), (10, 20))]
    assert months == [(1050, 1100), (-980, 120)]
    assert 50 + months[0][0] + months[1][0] == months[1][1]


@pytest.mark.parametrize("entered,steps", [
    (50, [(1, 60), (5, 80), (6, 95), (12, 120), (15, 150), (25, 151)]),
    (50, [(5, 80), (6, 95), (12, 120), (15, 150), (25, 151)]),
    (50, [(12, 120), (25, 151)]),
    (0, [(25, 151)]),
    (50, []),
])
def test_the_months_add_up_to_the_growth_from_the_entry_figure(entered, steps):
    ends = [(0, 10), (10, 20), (20, 30)]
    months = [_month(entered, steps, s, e) for s, e in ends]
    values = [entered] + [at_end for _, at_end in months]
    assert [a for a, _ in months] == [values[k + 1] - values[k] for k in range(3)]


def test_the_by_hand_months_of_a_history():
    months = [_month(50, [(1, 60), (5, 80), (6, 95), (12, 120), (15, 150), (25, 151)], s, e)
              for s, e in ((0, 10), (10, 20), (20, 30))]
    assert months == [(45, 95), (55, 150), (1, 151)]


def test_the_marks_as_the_report_passes_them():
    assert added_in(None, None, None) == 0                   # no update in the period
    assert added_in(60, 75, 90) == 30                        # from the update before it
    assert added_in(None, 75, 90) == 15                      # from its first's figure before
    assert value_at(120, None, None) == 120                  # nothing after: as stored
    assert value_at(120, 80, 95) == 80                       # the last up to it
    assert value_at(120, None, 50) == 50                     # before any: the first's before


def test_rate_is_none_over_nothing_and_rounds_half_up():
    assert rate(Decimal(1), Decimal(0)) is None
    assert rate(Decimal("1"), Decimal("3")) == Decimal("0.3333")
    assert rate(Decimal("0.00005"), Decimal("1")) == Decimal("0.0001")
