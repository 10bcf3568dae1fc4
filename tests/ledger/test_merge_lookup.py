"""The merge lookup's SQL never drops an item the decision would weigh, and does drop far ones.

server.services.merge_query filters in the database with a looser form of the rule in
sync.merge.Probe; a row it wrongly dropped would be a missed duplicate, silently. These
tests put a few hundred items of every kind of fix around one spot and compare.
"""

import random
from datetime import timedelta

import pytest

from server.clock import utcnow
from server.extensions import db
from server.models import Item, Report
from server.services import merge_query, merging
from sync.merge import Probe, ReportSignal
from tests.factories import AREA_LAT, AREA_LON

ACCURACIES = (0.0, 3.0, 8.0, 15.0, 40.0, 99.9, 100.0, 100.1, 150.0, 600.0, None)


def _offset(rng: random.Random, spread_m: float) -> tuple[float, float]:
    """A point within spread_m metres (east and north) of the test area's centre."""
    return (AREA_LAT + rng.uniform(-spread_m, spread_m) / 111_195,
            AREA_LON + rng.uniform(-spread_m, spread_m) / 91_700)


def _items(org, rng: random.Random, n: int) -> list[Item]:
    """n open (and some closed) items with one report each, around the area's centre."""
    areas = list(org.areas.values())
    now = utcnow()
    out = []
    for i in range(n):
        lat, lon = _offset(rng, 700)
        status = rng.choice(("new", "assigned", "rectified", "long_term", "closed", "rejected"))
        item = Item(status=status, category="infrastructure", area_id=rng.choice(areas),
                    description=f"第{i}号问题", severity="normal", lat=lat, lon=lon,
                    accuracy_m=rng.choice(ACCURACIES), reporter_id=org.users["cadre"],
                    report_count=1, cell=merging.cell_for(lat, lon),
                    closed_at=now - timedelta(days=rng.choice((1, 200)))
                    if status == "closed" else None)
        db.session.add(item)
        db.session.flush()
        db.session.add(Report(item_id=item.id, reporter_id=item.reporter_id,
                              area_id=item.area_id, category=item.category,
                              description=item.description, severity="normal", lat=lat,
                              lon=lon, accuracy_m=item.accuracy_m, captured_at=now))
        out.append(item)
    db.session.commit()
    return out


def _needed(signal: ReportSignal, items: list[Item], cfg) -> set[int]:
    """Ids of the items the decision must see: in scope by status, inside the search
    square (its cells and box), and near by Probe's rule."""
    probe = Probe(signal, cfg)
    p = merge_query.near_params(signal, cfg, probe, utcnow())
    since = utcnow() - timedelta(days=cfg.recurrence_days)
    return {i.id for i in items
            if (i.status in ("new", "assigned", "rectified", "long_term")
                or (i.status == "closed" and i.closed_at >= since))
            and i.cell in p["cells"] and p["lat_lo"] <= i.lat <= p["lat_hi"]
            and p["lon_lo"] <= i.lon <= p["lon_hi"]
            and probe.worth_comparing(i.lat, i.lon, i.accuracy_m, i.area_id)}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_sql_bound_keeps_every_item_the_decision_weighs(ctx, org, seed):
    rng = random.Random(seed)
    items = _items(org, rng, 300)
    cfg = merging.merge_config()
    areas = list(org.areas.values())
    dropped = 0
    for _ in range(40):
        lat, lon = _offset(rng, 300)
        signal = ReportSignal(category="infrastructure", lat=lat, lon=lon,
                              accuracy_m=rng.choice(ACCURACIES), description="井盖缺失",
                              area_id=rng.choice(areas + [None]))
        found = {r.id for r in merge_query.candidate_rows(signal, cfg, Probe(signal, cfg),
                                                          utcnow())}
        need = _needed(signal, items, cfg)
        assert need <= found, f"missed {sorted(need - found)} for {signal}"
        assert {c.item_id for c in merging.candidates(signal, cfg)} == need
        dropped += len(items) - len(found)
    assert dropped > 0  # the bound does keep far rows in the database


def test_without_a_position_the_latest_items_of_the_area_are_weighed(ctx, org):
    items = _items(org, random.Random(9), 80)
    area = org.areas["郭老庄"]
    signal = ReportSignal(category="infrastructure", lat=None, lon=None, accuracy_m=None,
                          description="井盖缺失", area_id=area)
    cfg = merging.merge_config()
    found = [r.id for r in merge_query.candidate_rows(signal, cfg, Probe(signal, cfg), utcnow())]
    since = utcnow() - timedelta(days=merging.merge_config().recurrence_days)
    in_area = sorted((i.id for i in items if i.area_id == area and (
        i.status in ("new", "assigned", "rectified", "long_term")
        or (i.status == "closed" and i.closed_at >= since))), reverse=True)
    assert sorted(found) == sorted(in_area[:merge_query.AREA_FALLBACK_LIMIT])
    assert found == sorted(found)  # by item, then report


def test_one_query_for_a_batch_finds_what_one_query_per_report_finds(ctx, org):
    """lookup_many (the batch intake's single query) gives each report exactly the rows
    of its own lookup, in the same order; reports without a position fall back alone."""
    rng = random.Random(5)
    _items(org, rng, 300)
    cfg = merging.merge_config()
    areas = list(org.areas.values())
    signals = []
    for n in range(40):
        lat, lon = _offset(rng, 300) if n % 7 else (None, None)
        signals.append(ReportSignal(category="infrastructure", lat=lat, lon=lon,
                                    accuracy_m=rng.choice(ACCURACIES), description="井盖缺失",
                                    area_id=rng.choice(areas)))
    now = utcnow()
    one_by_one = [[(r.id, r.text) for r in merge_query.candidate_rows(s, cfg, Probe(s, cfg), now)]
                  for s in signals]
    together = [[(r.id, r.text) for r in rows] for rows in merging.lookup_many(signals)]
    assert together == one_by_one
    assert len({tuple(rows) for rows in together}) > 20  # each report sees its own rows


@pytest.mark.parametrize("seed", [4, 6])
def test_second_look_reads_the_items_a_full_read_would_keep(ctx, org, seed):
    """merging.Changed (the index of items changed since a plan) hands each report the
    rows a pass over all of them keeps, in the same order: the same late candidates."""
    rng = random.Random(seed)
    _items(org, rng, 300)
    db.session.execute(Item.__table__.update().values(change_seq=Item.__table__.c.id))
    db.session.commit()
    cfg = merging.merge_config()
    rows = merge_query.changed_rows(0, cfg, utcnow())
    changed = merging.changed_since(0)
    areas = list(org.areas.values())
    read_less = weighed = 0
    for n in range(60):
        lat, lon = _offset(rng, 900) if n % 9 else (None, None)
        signal = ReportSignal(category="infrastructure", lat=lat, lon=lon,
                              accuracy_m=rng.choice(ACCURACIES), description="井盖缺失",
                              area_id=rng.choice(areas + [None]))
        probe = Probe(signal, cfg)
        near = changed.near(probe)
        late = merging._from_rows(probe, rows)
        assert merging._from_rows(probe, near) == late
        read_less, weighed = read_less + len(rows) - len(near), weighed + bool(late)
    assert read_less > 0 and weighed > 0  # it skips far items and keeps near ones
