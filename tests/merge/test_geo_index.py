"""Unit tests of sync.geo_index: the grid the server uses to find items near a report."""

import math
import random

import pytest

from sync.geo import haversine_m
from sync.geo_index import (
    DEFAULT_CELL_M,
    cell_key,
    cell_keys_within,
    cell_of,
    cells_within,
)

XINZHENG = (34.3955, 113.7400)


def test_cell_of_is_stable_and_integer():
    """One position, one cell; a metre away is usually the same cell."""
    row, col = cell_of(*XINZHENG)
    assert isinstance(row, int) and isinstance(col, int)
    assert cell_of(*XINZHENG) == (row, col)
    assert cell_key(*XINZHENG) == f"{row}:{col}"


def test_cells_are_about_cell_m_wide():
    """Moving one cell size north or east moves one cell."""
    row, col = cell_of(*XINZHENG, cell_m=100.0)
    lat, lon = XINZHENG
    north = lat + 100.0 / 111_195.0
    east = lon + 100.0 / (111_195.0 * math.cos(math.radians(lat)))
    assert cell_of(north, lon, 100.0)[0] == row + 1
    assert abs(cell_of(lat, east, 100.0)[1] - col) == 1


@pytest.mark.parametrize("centre", [XINZHENG, (34.552, 113.692), (47.35, 130.32), (18.25, 109.5)])
@pytest.mark.parametrize("radius", [0.0, 30.0, 360.0, 1200.0])
def test_every_point_within_radius_is_in_a_listed_cell(centre, radius):
    """No item within the search radius can be missed (random points, fixed seed)."""
    rng = random.Random(f"{centre}{radius}")
    cells = set(cells_within(*centre, radius, DEFAULT_CELL_M))
    for _ in range(400):
        dist = radius * (math.sqrt(rng.random()) if rng.random() < 0.5 else rng.uniform(0.98, 1))
        bearing = rng.uniform(0, 2 * math.pi)
        lat = centre[0] + dist * math.cos(bearing) / 111_195.0
        lon = centre[1] + dist * math.sin(bearing) / (111_195.0 * math.cos(math.radians(lat)))
        if haversine_m(*centre, lat, lon) <= radius:
            assert cell_of(lat, lon, DEFAULT_CELL_M) in cells


def test_a_search_reads_few_cells():
    """A 360 m search over 250 m cells reads at most a 5 x 5 block."""
    assert len(cells_within(*XINZHENG, 360.0)) <= 25
    assert cell_of(*XINZHENG) in cells_within(*XINZHENG, 0.0)


def test_keys_match_cells():
    """The string keys are the cells, in the same order."""
    keys = cell_keys_within(*XINZHENG, 300.0)
    assert keys == [f"{r}:{c}" for r, c in cells_within(*XINZHENG, 300.0)]
    assert cell_key(*XINZHENG) in keys


def test_bad_sizes_are_refused():
    """A cell must have a size and a radius cannot be negative."""
    with pytest.raises(ValueError):
        cell_of(*XINZHENG, cell_m=0)
    with pytest.raises(ValueError):
        cells_within(*XINZHENG, -1.0)
