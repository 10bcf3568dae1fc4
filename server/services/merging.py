"""Duplicate detection for new reports: index lookup here, the decision in sync.merge.

Items carry the key of their grid cell (sync.geo_index) in an indexed column, so
candidates for a report come from a handful of cells, never a scan of the ledger.
"""

import math
from dataclasses import fields, replace
from datetime import timedelta

from flask import current_app
from sqlalchemy import and_, case, false, not_, or_, select, true

from server.clock import utcnow
from server.extensions import db
from server.models import Item, Report, Suggestion
from sync.geo_index import cell_key, cell_keys_within
from sync.merge import (
    Candidate,
    Decision,
    MergeConfig,
    Probe,
    ReportSignal,
    decide,
    search_radius_m,
)
from sync.workflow import OPEN_STATES

AREA_FALLBACK_LIMIT = 50


def merge_config() -> MergeConfig:
    """The decision's thresholds, with ZHANGLIANG_MERGE_* overrides applied."""
    base = MergeConfig()
    numeric = {f.name for f in fields(MergeConfig)
               if isinstance(getattr(base, f.name), int | float)}
    overrides = current_app.config.get("MERGE") or {}
    return replace(base, **{k: type(getattr(base, k))(v) for k, v in overrides.items()
                            if k in numeric})


def cell_for(lat: float | None, lon: float | None) -> str | None:
    """The grid cell key stored on an item, when it has a position."""
    return None if lat is None or lon is None else cell_key(lat, lon)


def _status_clause(cfg: MergeConfig):
    """Open items, and items closed recently enough to count for recurrence."""
    since = utcnow() - timedelta(days=cfg.recurrence_days)
    return or_(Item.status.in_(OPEN_STATES),
               and_(Item.status == "closed", Item.closed_at >= since))


_COLUMNS = (Item.id, Item.status, Item.category, Item.lat, Item.lon, Item.accuracy_m,
            Item.area_id, Item.closed_at, Item.description, Report.description.label("text"))
M_PER_DEG = 111_195.0  # metres per degree of latitude (sync.geo's mean Earth radius)
MARGIN = 1.01  # covers the gap between haversine and the flat distance below


def _box(lat: float, lon: float, radius_m: float):
    """A latitude/longitude box around a point, for the database to filter by."""
    dlat = radius_m / 111_000
    dlon = radius_m / (111_000 * max(math.cos(math.radians(lat)), 0.01))
    return and_(Item.lat.between(lat - dlat, lat + dlat), Item.lon.between(lon - dlon, lon + dlon))


def _within_reach(signal: ReportSignal, cfg: MergeConfig, probe: Probe):
    """In SQL, a superset of the rows Probe.worth_comparing keeps, so most far rows never
    leave the database.

    Probe keeps a row when the same area stands in for a distance, or when the distance
    is within suggest_factor x (min(max, base + factor x hypot(acc1, acc2)) + area band);
    with hypot(a, b) <= a + b and a flat distance with a 1 % margin, this is looser.
    """
    item_usable = and_(Item.accuracy_m >= 0, Item.accuracy_m <= cfg.max_accuracy_m)
    acc2 = case((item_usable, Item.accuracy_m), else_=cfg.max_accuracy_m)
    same_area = Item.area_id == signal.area_id if signal.area_id is not None else false()
    band = case((same_area, cfg.same_area_extra_m), else_=0.0)
    north = (Item.lat - signal.lat) * M_PER_DEG
    east = (Item.lon - signal.lon) * (M_PER_DEG * math.cos(math.radians(signal.lat)))
    flat2 = north * north + east * east
    scale = cfg.suggest_factor * MARGIN
    by_max = (cfg.max_distance_m + band) * scale
    by_acc = (cfg.base_distance_m + band + cfg.accuracy_factor * (probe.acc + acc2)) * scale
    by_area = and_(same_area, true() if not probe.usable else not_(item_usable))
    return or_(by_area, and_(flat2 <= by_max * by_max, flat2 <= by_acc * by_acc))


def candidate_query(signal: ReportSignal, cfg: MergeConfig):
    """Items near the report (grid cells, a box, the reach bound) with their report texts,
    one row per report; or, without a usable fix, the latest items of its area."""
    radius = search_radius_m(signal, cfg)
    stmt = (select(*_COLUMNS).outerjoin(Report, Report.item_id == Item.id)
            .where(_status_clause(cfg)))
    if radius > 0:
        return stmt.where(Item.cell.in_(cell_keys_within(signal.lat, signal.lon, radius)),
                          _box(signal.lat, signal.lon, radius),
                          _within_reach(signal, cfg, Probe(signal, cfg))
                          ).order_by(Item.id, Report.id)
    if signal.area_id is None:
        return None
    latest = (select(Item.id).where(_status_clause(cfg), Item.area_id == signal.area_id)
              .order_by(Item.id.desc()).limit(AREA_FALLBACK_LIMIT).scalar_subquery())
    return stmt.where(Item.id.in_(latest)).order_by(Item.id, Report.id)


def candidates(signal: ReportSignal, cfg: MergeConfig) -> list[Candidate]:
    """The items `decide` must weigh, with their report texts one per line.

    One query; rows the database lets through are checked again by the rule the decision
    uses (Probe.worth_comparing) before their texts are read.
    """
    stmt = candidate_query(signal, cfg)
    if stmt is None:
        return []
    probe = Probe(signal, cfg)
    grouped: dict[int, tuple] = {}
    for row in db.session.execute(stmt):
        if row.id in grouped:
            grouped[row.id][1].append(row.text)
        elif probe.worth_comparing(row.lat, row.lon, row.accuracy_m, row.area_id):
            grouped[row.id] = (row, [row.text])
    return [Candidate(item_id=r.id, status=r.status, category=r.category, lat=r.lat,
                      lon=r.lon, accuracy_m=r.accuracy_m, area_id=r.area_id,
                      description="\n".join(t.replace("\n", " ") for t in texts if t is not None)
                      or r.description, closed_at=r.closed_at)
            for r, texts in grouped.values()]


def decide_for(signal: ReportSignal) -> Decision:
    """Join, suggest or start new, for a report about to be recorded."""
    cfg = merge_config()
    return decide(signal, candidates(signal, cfg), cfg, utcnow())


def record_suggestions(item: Item, decision: Decision) -> None:
    """Store the near matches of a new item for the office."""
    for match in decision.suggestions:
        db.session.add(Suggestion(item_id=item.id, other_id=match.item_id, score=match.score,
                                  details={"text_similarity": match.text_similarity,
                                           "distance_m": match.distance_m,
                                           "reasons": list(match.reasons)}))
