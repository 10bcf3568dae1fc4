"""The duplicate-merge decision: does a new report join an open ledger item?

Three cadres who report one missing manhole cover must give one item with three reports,
and two different problems must never become one item. `decide` weighs, for each item the
server found near the report: category (same or configured as compatible), distance
against a threshold that widens with both GPS accuracies, similarity of the Chinese text
(sync.text) and area. Clear matches join; near matches are suggested to the office; a
report near a recently closed item of the same kind is linked to it as a recurrence.
Defaults were chosen on tests/merge/pairs.jsonl (see MergeConfig and test_quality.py).
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from sync.geo import EARTH_RADIUS_M, valid_position
from sync.merge_types import (
    Candidate,
    Decision,
    Match,
    MergeConfig,
    ReportSignal,
)
from sync.problem import (
    CONFLICT,
    OTHER_OBJECTS,
    RANK,
    SAME_OBJECT,
    SAME_PROBLEM,
    UNKNOWN,
    Judgement,
    judge,
)
from sync.workflow import CLOSED, OPEN_STATES

__all__ = ["Candidate", "Decision", "Match", "MergeConfig",
           "Probe", "ReportSignal", "decide", "search_radius_m"]


def position_usable(lat: float | None, lon: float | None, accuracy_m: float | None,
                    config: MergeConfig) -> bool:
    """True when a fix is good enough to merge on: valid, with accuracy within the limit."""
    if type(accuracy_m) is float:  # the usual case; False for NaN and inf
        return 0 <= accuracy_m <= config.max_accuracy_m and valid_position(lat, lon)
    return (valid_position(lat, lon) and isinstance(accuracy_m, int | float)
            and math.isfinite(accuracy_m) and 0 <= accuracy_m <= config.max_accuracy_m)


def join_threshold_m(acc1: float, acc2: float, config: MergeConfig) -> float:
    """Distance within which two fixes with these accuracies may be one problem."""
    widened = config.base_distance_m + config.accuracy_factor * math.hypot(acc1, acc2)
    return min(config.max_distance_m, widened)


def search_radius_m(report: ReportSignal, config: MergeConfig) -> float:
    """How far from the report the server must look for candidates (0: no position)."""
    if not valid_position(report.lat, report.lon):
        return 0.0
    usable = position_usable(report.lat, report.lon, report.accuracy_m, config)
    acc = report.accuracy_m if usable else config.max_accuracy_m
    join = join_threshold_m(acc, config.max_accuracy_m, config) + config.same_area_extra_m
    return join * config.suggest_factor


def categories_related(a: str, b: str, config: MergeConfig) -> str | None:
    """"same", "compatible" or None for two category codes."""
    if a == b:
        return "same"
    return "compatible" if frozenset({a, b}) in config.compatible_categories else None


def _as_utc(moment: datetime) -> datetime:
    """An aware datetime in UTC; a naive one is taken to be UTC already (as stored)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def closed_recently(candidate: Candidate, now: datetime, config: MergeConfig) -> bool:
    """True for a closed item whose closing lies within the recurrence window."""
    if candidate.status != CLOSED or candidate.closed_at is None:
        return False
    age = _as_utc(now) - _as_utc(candidate.closed_at)
    return age.total_seconds() <= config.recurrence_days * 86400


@dataclass(frozen=True)
class _Assessment:
    """One candidate measured against the report, and what it may become."""

    match: Match
    can_join: bool
    can_suggest: bool
    can_recur: bool
    strength: int = -1   # how much the texts agree (sync.problem.RANK), to rank joins


@dataclass(frozen=True)
class _Where:
    """Where a candidate lies relative to the report."""

    same_area: bool
    item_usable: bool
    distance: float | None
    threshold: float | None
    reach: float
    by_area: bool          # without a trustworthy distance, the same area stands in for near
    within_suggest: bool   # close enough to matter at all


class Probe:
    """The report's side of the geometry, worked out once for all of its candidates.

    A dense town centre puts a thousand items within the search radius of a report, so
    the per-candidate work here is kept to plain arithmetic; the distance is the same
    haversine as sync.geo.haversine_m, to the last bit.
    """

    def __init__(self, report: ReportSignal, config: MergeConfig):
        self.config = config
        self.area_id = report.area_id
        self.usable = position_usable(report.lat, report.lon, report.accuracy_m, config)
        self.acc = report.accuracy_m if self.usable else config.max_accuracy_m
        self.has_fix = valid_position(report.lat, report.lon)
        self.lat, self.lon = report.lat, report.lon
        if self.has_fix:
            self.p1 = math.radians(report.lat)
            self.cos_p1 = math.cos(self.p1)
            # A great circle is never shorter than its north-south part, so nothing farther
            # north or south than this is within reach (unless the same area stands in).
            self.lat_reach = math.degrees(search_radius_m(report, config) / EARTH_RADIUS_M)

    def _distance(self, lat: float, lon: float) -> float:
        """haversine_m(report, (lat, lon)) with the report's terms precomputed."""
        p2 = math.radians(lat)
        dl = math.radians(lon - self.lon)
        a = math.sin((p2 - self.p1) / 2) ** 2 + self.cos_p1 * math.cos(p2) * math.sin(dl / 2) ** 2
        return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))

    def where(self, lat, lon, accuracy_m, area_id) -> _Where:
        """Distance, join threshold, reach (plus the same-area band) and closeness."""
        cfg = self.config
        same_area = self.area_id is not None and self.area_id == area_id
        item_usable = position_usable(lat, lon, accuracy_m, cfg)
        if self.has_fix and (item_usable or valid_position(lat, lon)):
            distance = self._distance(lat, lon)
            acc2 = accuracy_m if item_usable else cfg.max_accuracy_m
            threshold = join_threshold_m(self.acc, acc2, cfg)
            reach = threshold + (cfg.same_area_extra_m if same_area else 0.0)
        else:
            distance, threshold, reach = None, None, 0.0
        by_area = same_area and (distance is None or not (self.usable and item_usable))
        within = by_area or (distance is not None and distance <= reach * cfg.suggest_factor)
        return _Where(same_area, item_usable, distance, threshold, reach, by_area, within)

    def worth_comparing(self, lat, lon, accuracy_m, area_id) -> bool:
        """True when an item at this position is close enough that its text must be read."""
        if (self.has_fix and area_id != self.area_id and type(lat) is float
                and abs(lat - self.lat) > self.lat_reach * 1.000001):
            return False  # the quick answer for most rows of a batch or a dense town
        return self.where(lat, lon, accuracy_m, area_id).within_suggest


_CATEGORY_REASON = {"same": "category_same", "compatible": "category_related",
                    None: "category_differs"}
_VERDICT_REASON = {SAME_PROBLEM: "same_problem", SAME_OBJECT: "same_object"}
_CONFLICT_REASON = {"defect": "defect_differs", "identifier": "identifier_differs"}


def _text_reasons(j: Judgement, config: MergeConfig) -> list[str]:
    """Reason codes of a judgement: what agrees, or why the two are different problems."""
    if j.verdict == CONFLICT:
        return [_CONFLICT_REASON[j.conflict.split(":", 1)[0]]]
    if j.verdict in _VERDICT_REASON:
        return [_VERDICT_REASON[j.verdict]]
    if j.text >= config.auto_text:
        return ["text_alike"]
    return []


def _text_needed(j: Judgement, related: str | None, config: MergeConfig) -> float | None:
    """The place-free text similarity a join needs for this verdict and category (None: no
    join). Category is evidence, not a gate: another category asks for more."""
    base = {SAME_PROBLEM: 0.0, SAME_OBJECT: config.auto_text_same_object,
            UNKNOWN: config.auto_text, OTHER_OBJECTS: config.topic_override_text}.get(j.verdict)
    if base is None:
        return None
    if related is not None or j.verdict == SAME_PROBLEM:
        return base   # the same object with the same defect: another category never splits it
    return base + config.cross_category_text


def _may_join(j: Judgement, related: str | None, where: str, config: MergeConfig) -> bool:
    """The text, category and distance rule of auto-join."""
    needed = _text_needed(j, related, config)
    if needed is None:
        return False
    # the same object: what the texts say of it must agree, not only its name
    text = j.said if j.verdict == SAME_OBJECT else j.text
    return (where == "near" and text >= needed) or (
        where == "area_near" and text >= needed + config.far_margin)


def _may_suggest(j: Judgement, config: MergeConfig) -> bool:
    """True when the office should see the pair as a likely duplicate: the texts agree on
    the problem or the object, or the whole texts (places included) are alike (much more
    alike when they name different objects)."""
    if j.verdict in (SAME_PROBLEM, SAME_OBJECT):
        return True
    if j.verdict == OTHER_OBJECTS:
        return j.full >= config.suggest_other_objects_text
    return j.verdict == UNKNOWN and j.full >= config.suggest_text


def _assess(report: ReportSignal, c: Candidate, probe: Probe, now: datetime,
            config: MergeConfig) -> _Assessment:
    """Measure every signal of one candidate and say what it may become."""
    related = categories_related(report.category, c.category, config)
    w = probe.where(c.lat, c.lon, c.accuracy_m, c.area_id)
    distance = w.distance
    if not w.within_suggest:   # too far to join, suggest or recur: skip the text work
        return _Assessment(Match(c.item_id, 0.0, 0.0, None if distance is None else
                                 round(distance, 1), round(w.reach, 1), ("far",)),
                           False, False, False)
    j = judge(report.description, c.description or "")
    reasons = [_CATEGORY_REASON[related], *_text_reasons(j, config)]
    reasons += ["same_area"] if w.same_area else []
    reasons += [] if probe.usable else ["position_unusable"]
    reasons += [] if w.item_usable else ["item_position_unusable"]
    if c.status not in OPEN_STATES:
        reasons.append(f"item_{c.status}")
    where = ("no_distance" if distance is None else "near" if distance <= w.threshold
             else "area_near" if distance <= w.reach else "far")
    reasons.append(where)
    is_open = c.status in OPEN_STATES
    can_join = (probe.usable and w.item_usable and is_open
                and _may_join(j, related, where, config))
    near_enough = w.by_area or (distance is not None and distance <= w.reach)
    likely = j.verdict != CONFLICT
    can_suggest = is_open and (_may_suggest(j, config) or (not likely and near_enough))
    can_recur = (closed_recently(c, now, config) and near_enough and likely
                 and j.verdict != OTHER_OBJECTS and related is not None
                 and (j.verdict in (SAME_PROBLEM, SAME_OBJECT)
                      or j.text >= config.recurrence_text))
    closeness = (0.0 if distance is None or w.reach <= 0
                 else max(0.0, 1.0 - distance / w.reach))
    score = 0.7 * j.text + 0.3 * closeness if likely else 0.0
    match = Match(c.item_id, round(score, 4), round(j.text, 4),
                  None if distance is None else round(distance, 1),
                  None if distance is None else round(w.reach, 1), tuple(reasons),
                  likely=likely, what=j.what, conflict=j.conflict)
    return _Assessment(match, can_join, can_suggest, can_recur, RANK[j.verdict])


def _rank(assessments: list[_Assessment]) -> list[_Assessment]:
    """Assessments best first: likely before not, then by agreement of the texts, score
    (text and closeness) and text alone."""
    return sorted(assessments, key=lambda a: (a.match.likely, a.strength, a.match.score,
                                              a.match.text_similarity), reverse=True)


def decide(report: ReportSignal, candidates: Iterable[Candidate], config: MergeConfig,
           now: datetime) -> Decision:
    """Join the best open item that is clearly the same problem, or start a new item."""
    probe = Probe(report, config)
    usable = probe.usable
    unique: dict[int | str, Candidate] = {}
    for c in candidates:
        unique.setdefault(c.item_id, c)
    assessed = [_assess(report, c, probe, now, config) for c in unique.values()]
    joins = _rank([a for a in assessed if a.can_join])
    join = joins[0] if joins else None
    others = _rank([a for a in assessed if a.can_suggest and a is not join])
    suggestions = tuple(a.match for a in others[: config.max_suggestions])
    if join is not None:   # the other items it matches too may be one with the joined
        also = _rank(joins[1:] + [a for a in others if a.match.likely and not a.can_join])
        bridges = tuple(a.match for a in also[: config.max_suggestions])
        return Decision("join", join.match.item_id, join.match.score, False, suggestions,
                        None, ("joined", *(["bridge"] if bridges else [])), join.match, bridges)
    recurs = _rank([a for a in assessed if a.can_recur])
    reasons = ([] if usable else ["position_unusable"]) + (
        ["suggested"] if suggestions else []) + (["recurrence"] if recurs else [])
    score = max((m.score for m in suggestions), default=0.0)
    return Decision("new", None, score, not usable, suggestions,
                    recurs[0].match if recurs else None, tuple(reasons))
