"""Duplicate detection for new reports: candidates from server.services.merge_query
(and from the reports before it in the same batch), the decision in sync.merge."""

import bisect
import math
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


class Changed:
    """The lookup rows of items changed since a plan, grouped per item and ordered by
    latitude, so each report reads only the items its Probe.worth_comparing could keep.

    Under contention a batch's second look meets every item the batches before it opened
    (hundreds, with the chain head locked); weighing each against each of the batch's
    reports cost more than the rest of the write. `near` drops, in bulk, only the rows
    that worth_comparing's own quick answer drops (another area and farther north or
    south than the report's reach); what it keeps, in the rows' order, goes through
    _from_rows as before, so the candidates are the same.
    """

    def __init__(self, rows: list):
        groups: dict[int, list] = {}
        for row in rows:  # ordered by item, then report
            groups.setdefault(row.id, []).append(row)
        self.groups = list(groups.values())
        placed = sorted((g[0].lat, n) for n, g in enumerate(self.groups)
                        if type(g[0].lat) is float and math.isfinite(g[0].lat))
        self.lats, self.by_lat = [lat for lat, _ in placed], [n for _, n in placed]
        self.by_area: dict[int, list[int]] = {}
        for n, g in enumerate(self.groups):
            self.by_area.setdefault(g[0].area_id, []).append(n)
        self.unplaced = sorted(set(range(len(self.groups))) - set(self.by_lat))

    def __bool__(self) -> bool:
        return bool(self.groups)

    def near(self, probe: Probe) -> list:
        """The rows of the items within the report's latitude reach, of its area, or
        without a usable latitude (all of them if the report has no position)."""
        if not probe.has_fix:
            return [row for g in self.groups for row in g]
        reach = probe.lat_reach * 1.0001 + 1e-9  # looser than worth_comparing's bound
        lo = bisect.bisect_left(self.lats, probe.lat - reach)
        hi = bisect.bisect_right(self.lats, probe.lat + reach)
        picked = {*self.by_lat[lo:hi], *self.by_area.get(probe.area_id, ()), *self.unplaced}
        return [row for n in sorted(picked) for row in self.groups[n]]


def changed_since(seq: int) -> Changed:
    """Lookup rows of the items changed after event `seq` (committed since a plan)."""
    return Changed(merge_query.changed_rows(seq, merge_config(), utcnow()))


def reconsider(signal: ReportSignal, weighed: list[Candidate],
               changed: Changed) -> Decision | None:
    """A new decision for a report decided without `changed`, if any of them is near."""
    probe = Probe(signal, merge_config())
    late = _from_rows(probe, changed.near(probe))
    if not late:
        return None
    ids = {c.item_id for c in late}
    return decide_among(signal, [c for c in weighed if c.item_id not in ids] + late)
