"""Duplicate detection for new reports: index lookup here, the decision in sync.merge.

Items carry the key of their grid cell (sync.geo_index) in an indexed column, so
candidates for a report come from a handful of cells, never a scan of the ledger.
"""

from dataclasses import fields, replace
from datetime import timedelta

from flask import current_app
from sqlalchemy import and_, or_, select

from server.clock import utcnow
from server.extensions import db
from server.models import Item, Report, Suggestion
from sync.geo_index import cell_key, cell_keys_within
from sync.merge import Candidate, Decision, MergeConfig, ReportSignal, decide, search_radius_m
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


def candidate_rows(signal: ReportSignal, cfg: MergeConfig) -> list[Item]:
    """Items near the report (by grid cell), or in its area when it has no usable fix."""
    radius = search_radius_m(signal, cfg)
    stmt = select(Item).where(_status_clause(cfg))
    if radius > 0:
        stmt = stmt.where(Item.cell.in_(cell_keys_within(signal.lat, signal.lon, radius)))
    elif signal.area_id is not None:
        stmt = stmt.where(Item.area_id == signal.area_id).order_by(Item.id.desc()).limit(
            AREA_FALLBACK_LIMIT)
    else:
        return []
    return list(db.session.execute(stmt).scalars())


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
    """The items `decide` should weigh, with their report texts one per line."""
    rows = candidate_rows(signal, cfg)
    texts = _texts([r.id for r in rows])
    return [Candidate(item_id=r.id, status=r.status, category=r.category, lat=r.lat,
                      lon=r.lon, accuracy_m=r.accuracy_m, area_id=r.area_id,
                      description="\n".join(texts.get(r.id) or [r.description]),
                      closed_at=r.closed_at) for r in rows]


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
