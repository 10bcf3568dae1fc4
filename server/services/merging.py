"""Duplicate detection for new reports: candidates from server.services.merge_query
(and from the reports before it in the same batch), the decision in sync.merge."""

from dataclasses import fields, replace

from flask import current_app

from server.clock import utcnow
from server.services import merge_query
from sync.geo_index import cell_key
from sync.merge import (
    Candidate,
    Decision,
    MergeConfig,
    Probe,
    ReportSignal,
    decide,
)


def merge_config() -> MergeConfig:
    """The decision's thresholds, with ZHANGLIANG_MERGE_* overrides applied; built once
    per app (every report asks for it)."""
    app = current_app
    if "zl_merge_config" not in app.extensions:
        base = MergeConfig()
        numeric = {f.name for f in fields(MergeConfig)
                   if isinstance(getattr(base, f.name), int | float)}
        overrides = app.config.get("MERGE") or {}
        app.extensions["zl_merge_config"] = replace(
            base, **{k: type(getattr(base, k))(v) for k, v in overrides.items() if k in numeric})
    return app.extensions["zl_merge_config"]


def _one_per_line(texts) -> str:
    """An item's report texts as its description for the decision: one per line."""
    return "\n".join(t.replace("\n", " ") for t in texts if t is not None)


def cell_for(lat: float | None, lon: float | None) -> str | None:
    """The grid cell key stored on an item, when it has a position."""
    return None if lat is None or lon is None else cell_key(lat, lon)


class BatchPool:
    """What a batch of reports has done to the ledger so far, before any of it is written.

    Items opened earlier in the batch (under a placeholder key) and texts added to items
    by earlier joins, so report 7 of a batch can join the item report 3 opened.
    """

    def __init__(self):
        self.opened: dict[str, Candidate] = {}
        self.texts: dict[int | str, list[str]] = {}

    def add(self, key: int | str, signal: ReportSignal, decision: Decision) -> int | str:
        """Record a decided report under the item it joins, or a new item under `key`."""
        if decision.kind == "join":
            key = decision.item_id
        else:
            self.opened[key] = Candidate(
                item_id=key, status="new", category=signal.category, lat=signal.lat,
                lon=signal.lon, accuracy_m=signal.accuracy_m, area_id=signal.area_id,
                description=signal.description, closed_at=None)
        self.texts.setdefault(key, []).append(signal.description)
        return key

    def candidates(self, probe: Probe) -> list[Candidate]:
        """The batch's own new items that the report must weigh."""
        return [replace(c, description=self.description(c.item_id, None))
                for c in self.opened.values()
                if probe.worth_comparing(c.lat, c.lon, c.accuracy_m, c.area_id)]

    def description(self, item_id: int | str, stored: str | None) -> str | None:
        """An item's report texts one per line, the batch's own included."""
        added = self.texts.get(item_id)
        if not added:
            return stored
        return "\n".join([*([stored] if stored else []), _one_per_line(added)])


def lookup_many(signals: list[ReportSignal]) -> list[list]:
    """The candidate rows of many reports (one query for those with a position)."""
    cfg, now = merge_config(), utcnow()
    probes = [Probe(signal, cfg) for signal in signals]
    fixed = [n for n, probe in enumerate(probes) if probe.has_fix]
    found = dict(zip(fixed, merge_query.near_rows_many(
        [(signals[n], probes[n]) for n in fixed], cfg, now), strict=True))
    return [found[n] if n in found else merge_query.candidate_rows(signal, cfg, probe, now)
            for n, (signal, probe) in enumerate(zip(signals, probes, strict=True))]


def _from_rows(probe: Probe, rows) -> list[Candidate]:
    """Candidates from lookup rows (one per item and report), keeping those near enough
    by the decision's own rule (Probe.worth_comparing) before their texts are read."""
    grouped: dict[int, tuple] = {}
    for row in rows:
        if row.id in grouped:
            grouped[row.id][1].append(row.text)
        elif probe.worth_comparing(row.lat, row.lon, row.accuracy_m, row.area_id):
            grouped[row.id] = (row, [row.text])
    return [Candidate(item_id=r.id, status=r.status, category=r.category, lat=r.lat,
                      lon=r.lon, accuracy_m=r.accuracy_m, area_id=r.area_id,
                      description=_one_per_line(texts) or r.description,
                      closed_at=r.closed_at)
            for r, texts in grouped.values()]


def candidates(signal: ReportSignal, cfg: MergeConfig, pool: BatchPool | None = None,
               rows: list | None = None) -> list[Candidate]:
    """The items `decide` must weigh, with their report texts one per line.

    One query, unless the rows were looked up with the batch's (lookup_many); with a
    pool, the batch's own earlier reports count too.
    """
    probe = Probe(signal, cfg)
    if rows is None:
        rows = merge_query.candidate_rows(signal, cfg, probe, utcnow())
    found = _from_rows(probe, rows)
    if pool is None:
        return found
    return [replace(c, description=pool.description(c.item_id, c.description))
            if c.item_id in pool.texts else c for c in found] + pool.candidates(probe)


def decide_among(signal: ReportSignal, weighed: list[Candidate]) -> Decision:
    """The decision for a report, given the candidates it must weigh."""
    return decide(signal, weighed, merge_config(), utcnow())


def decide_for(signal: ReportSignal) -> Decision:
    """Join, suggest or start new, for a report about to be recorded (one query)."""
    return decide_among(signal, candidates(signal, merge_config()))


def changed_since(seq: int) -> list:
    """Lookup rows of the items changed after event `seq` (committed since a plan)."""
    return merge_query.changed_rows(seq, merge_config(), utcnow())


def reconsider(signal: ReportSignal, weighed: list[Candidate], changed: list) -> Decision | None:
    """A new decision for a report decided without `changed`, if any of them is near."""
    late = _from_rows(Probe(signal, merge_config()), changed)
    if not late:
        return None
    ids = {c.item_id for c in late}
    return decide_among(signal, [c for c in weighed if c.item_id not in ids] + late)
