"""A plain grid over WGS-84 positions, so the server can find ledger items near a report.

The server stores each item's cell key in an indexed column and, for a new report, loads
the items in `cell_keys_within(lat, lon, search_radius_m(...))`; `sync.merge.decide` then
measures the real distances. Rows are bands of latitude `cell_m` metres high; each row's
columns are `cell_m` metres wide at that row's latitude, so cells stay square-ish from
Hainan to Heilongjiang. Not meant for the poles or the antimeridian.
"""

import math

from sync.geo import EARTH_RADIUS_M

M_PER_DEG = math.pi * EARTH_RADIUS_M / 180.0  # metres per degree of latitude
DEFAULT_CELL_M = 250.0  # a township street block; a 400 m search reads at most 5 x 5 cells
FLAT_MARGIN = 1.01  # covers the gap between haversine and flat bounds (here and in SQL)


def _row(lat: float, cell_m: float) -> int:
    """Row index of a latitude."""
    return math.floor(lat * M_PER_DEG / cell_m)


def _lon_scale(row: int, cell_m: float) -> float:
    """Metres per degree of longitude at the centre of a row."""
    centre = (row + 0.5) * cell_m / M_PER_DEG
    return M_PER_DEG * max(math.cos(math.radians(min(89.9, abs(centre)))), 1e-6)


def cell_of(lat: float, lon: float, cell_m: float = DEFAULT_CELL_M) -> tuple[int, int]:
    """The (row, column) of the cell holding a position."""
    if cell_m <= 0:
        raise ValueError("cell_m must be positive")
    row = _row(lat, cell_m)
    return row, math.floor(lon * _lon_scale(row, cell_m) / cell_m)


def cell_key(lat: float, lon: float, cell_m: float = DEFAULT_CELL_M) -> str:
    """The cell of a position as a short string key, e.g. "15286:45810"."""
    row, col = cell_of(lat, lon, cell_m)
    return f"{row}:{col}"


def cells_within(lat: float, lon: float, radius_m: float,
                 cell_m: float = DEFAULT_CELL_M) -> list[tuple[int, int]]:
    """Every cell that may hold a position within radius_m of (lat, lon), row by row."""
    if cell_m <= 0 or radius_m < 0:
        raise ValueError("cell_m must be positive and radius_m not negative")
    dlat = radius_m * FLAT_MARGIN / M_PER_DEG
    poleward = min(89.9, max(abs(lat - dlat), abs(lat + dlat)))
    dlon = min(180.0, radius_m * FLAT_MARGIN / (M_PER_DEG * math.cos(math.radians(poleward))))
    cells = []
    for row in range(_row(lat - dlat, cell_m), _row(lat + dlat, cell_m) + 1):
        scale = _lon_scale(row, cell_m)
        first = math.floor((lon - dlon) * scale / cell_m)
        last = math.floor((lon + dlon) * scale / cell_m)
        cells.extend((row, col) for col in range(first, last + 1))
    return cells


def cell_keys_within(lat: float, lon: float, radius_m: float,
                     cell_m: float = DEFAULT_CELL_M) -> list[str]:
    """The string keys of cells_within, for an `IN (...)` query."""
    return [f"{row}:{col}" for row, col in cells_within(lat, lon, radius_m, cell_m)]
