"""Duplicate detection for new reports: index lookup here, the decision in sync.merge.

Items carry the key of their grid cell (sync.geo_index) in an indexed column, so
candidates for a report come from a handful of cells, never a scan of the ledger.
"""

import math
from dataclasses import fields, replace
from datetime import timedelta

from flask import current_app
from sqlalchemy import and_, or_, select

from server.clock import utcnow
from server.extensions import db
from server.models import Item, Report, Suggestion
from sync.geo_index import cell_key, cell_keys_within
from sync.merge import (
    Candidate,
    Decision,
    MergeConfig,
    ReportSignal,
    decide,
    search_radius_m,
    worth_comparing,
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
            Item.area_id, Item.closed_at, Item.description)


def _box(lat: float, lon: float, radius_m: float):
    """A latitude/longitude box around a point, for the database to filter by."""
    dlat = radius_m / 111_000
    dlon = radius_m / (111_000 * max(math.cos(math.radians(lat)), 0.01))
    return and_(Item.lat.between(lat - dlat, lat + dlat), Item.lon.between(lon - dlon, lon + dlon))


def candidate_rows(signal: ReportSignal, cfg: MergeConfig) -> list:
    """Items near the report (grid cells, then a box), or in its area without a usable fix."""
    radius = search_radius_m(signal, cfg)
    stmt = select(*_COLUMNS).where(_status_clause(cfg))
    if radius > 0:
        stmt = stmt.where(Item.cell.in_(cell_keys_within(signal.lat, signal.lon, radius)),
                          _box(signal.lat, signal.lon, radius))
    elif signal.area_id is not None:
        stmt = stmt.where(Item.area_id == signal.area_id).order_by(Item.id.desc()).limit(
            AREA_FALLBACK_LIMIT)
    else:
        return []
    return db.session.execute(stmt).all()


def _texts(item_ids: list[int]) -> dict[int, list[str]]:
    """Every report text of the given items, one list per item."""
    out: dict[int, list[str]] = {}
    if item_ids:
        rows = db.session.execute(select(Report.item_id, Report.description)
                                  .where(Report.item_id.in_(item_ids)).order_by(Report.id))
        for item_id, text in rows:
            out.setdefault(item_id, []).append(text.replace("\n", " "))
    return out


def candidates(signal: ReportSignal, cfg: MergeConfig) -> list[Candidate]:
    """The items `decide` must weigh, with their report texts one per line.

    Rows too far to matter are dropped by the same geometry rule the decision uses,
    before any report text is read.
    """
    near = [c for c in (Candidate(item_id=r.id, status=r.status, category=r.category,
                                  lat=r.lat, lon=r.lon, accuracy_m=r.accuracy_m,
                                  area_id=r.area_id, description=r.description,
                                  closed_at=r.closed_at) for r in candidate_rows(signal, cfg))
            if worth_comparing(signal, c, cfg)]
    texts = _texts([c.item_id for c in near])
    return [replace(c, description="\n".join(texts.get(c.item_id) or [c.description]))
            for c in near]


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
