"""Duplicate detection for new reports: candidates from server.services.merge_query,
the decision in sync.merge, suggestions stored for the office."""

from dataclasses import fields, replace

from flask import current_app

from server.clock import utcnow
from server.extensions import db
from server.models import Item, Suggestion
from server.services import merge_query
from sync.geo_index import cell_key
from sync.merge import Candidate, Decision, MergeConfig, Probe, ReportSignal, decide


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


def candidates(signal: ReportSignal, cfg: MergeConfig) -> list[Candidate]:
    """The items `decide` must weigh, with their report texts one per line.

    One query; rows the database lets through are checked again by the rule the decision
    uses (Probe.worth_comparing) before their texts are read.
    """
    probe = Probe(signal, cfg)
    grouped: dict[int, tuple] = {}
    for row in merge_query.candidate_rows(signal, cfg, probe, utcnow()):
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
