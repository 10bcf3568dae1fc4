"""周抽查's draw: reproducible from the recorded seed and population, fair in sharing out."""

import pytest

from sync.spotcheck import draw, share_out

POPULATION = list(range(100, 160))


@pytest.mark.parametrize("seed", [0, 1, 7, 2**31 - 1])
def test_the_same_seed_draws_the_same_sample(seed):
    first = draw(POPULATION, 5, seed)
    assert draw(list(reversed(POPULATION)), 5, seed) == first  # order given does not matter
    assert draw(POPULATION + POPULATION[:3], 5, seed) == first  # nor repeats
    assert len(set(first)) == 5 and set(first) <= set(POPULATION)


def test_seeds_differ_and_the_draw_is_not_the_first_ids():
    samples = {tuple(draw(POPULATION, 5, seed)) for seed in range(40)}
    assert len(samples) > 35
    assert tuple(POPULATION[:5]) not in samples


def test_every_item_can_be_drawn():
    seen = {i for seed in range(400) for i in draw(POPULATION, 5, seed)}
    assert seen == set(POPULATION)


@pytest.mark.parametrize("population,size,expected", [
    ([], 5, 0), ([3], 5, 1), ([3, 4], 2, 2), (list(range(9)), 50, 9)])
def test_a_small_week_is_drawn_whole(population, size, expected):
    assert len(draw(population, size, 42)) == expected


def test_known_sample_stays_the_same_across_releases():
    """The recorded seed must redraw the recorded sample after an upgrade too."""
    assert draw(list(range(1, 21)), 4, 20261203) == [5, 2, 6, 10]


def test_share_out_never_gives_an_item_to_whoever_closed_it_when_another_is_there():
    sample = [1, 2, 3, 4, 5, 6]
    closed_by = {1: 10, 2: 10, 3: 11, 4: 11, 5: 12, 6: None}
    given = share_out(sample, {i: [10, 11, 12] for i in sample}, closed_by)
    assert all(given[i] != closed_by[i] for i in sample)
    loads = [list(given.values()).count(p) for p in (10, 11, 12)]
    assert loads == [2, 2, 2]


def test_share_out_with_the_closer_alone_or_nobody():
    given = share_out([1, 2], {1: [10], 2: []}, {1: 10, 2: 10})
    assert given == {1: 10, 2: None}
