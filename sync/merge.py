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
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal

from sync.geo import haversine_m
from sync.text import best_similarity, number_tags, numbers_conflict, split_reports, topics

OPEN_STATUSES = frozenset({"new", "assigned", "rectified", "long_term"})
CLOSED_STATUS = "closed"


@dataclass(frozen=True)
class ReportSignal:
    """What the merge decision needs from a new report."""

    category: str
    lat: float | None
    lon: float | None
    accuracy_m: float | None
    description: str
    area_id: int | str | None = None


@dataclass(frozen=True)
class Candidate:
    """A ledger item near the report, in any status; description holds one report per line."""

    item_id: int | str
    status: str
    category: str
    lat: float | None
    lon: float | None
    accuracy_m: float | None
    description: str
    area_id: int | str | None = None
    closed_at: datetime | None = None


@dataclass(frozen=True)
class MergeConfig:
    """Thresholds of the decision; each default was measured on tests/merge/pairs.jsonl.

    Figures in the comments are (precision, recall) of auto-merge on all 375 pairs when only
    that one setting changes; the defaults give (0.995, 0.936).
    """

    # Join distance = min(max_distance_m, base_distance_m + accuracy_factor * hypot(a1, a2)).
    # base: two people reporting one problem stand apart, and a problem (a market drain, a
    # road section) has a size; 20 m: (0.995, 0.923), 40 m: (0.995, 0.940), 50 m joins two
    # manholes 100 m apart. 30 m keeps a margin for point problems.
    # Phones give accuracy as a 68 % (Android) or 95 % (W3C wording) radius; 2 x hypot
    # covers the combined error of two fixes in either reading. 1.5: (0.995, 0.923),
    # 1.0: (1.0, 0.884), 2.5 adds a false join.
    base_distance_m: float = 30.0
    accuracy_factor: float = 2.0
    max_distance_m: float = 150.0
    # Same area_id (三里岗社区 has no market; a market's drains): this much farther, where
    # the text must be far_margin more similar than near by. 0 m: (0.995, 0.901); 50 m
    # joins two rubbish heaps 100 m apart in one community.
    same_area_extra_m: float = 30.0
    far_margin: float = 0.10
    # A fix worse than this, or without accuracy, is no usable position: never auto-join.
    max_accuracy_m: float = 100.0
    # Text similarity (sync.text.similarity) needed to join: auto_text in general,
    # auto_text_same_topic when both texts name the same topic (sync.text.TOPICS).
    # auto_text 0.30: (0.995, 0.940), 0.40: (0.995, 0.923); pairs without topic words carry
    # the least evidence, so the stricter side. auto_text_same_topic is the touchiest knob:
    # 0.18: (0.995, 0.944), 0.25: (0.995, 0.906), 0.28: (1.0, 0.863).
    auto_text: float = 0.35
    auto_text_same_topic: float = 0.22
    # Texts this similar join even when their topic words differ (the lexicon is partial).
    topic_override_text: float = 0.55
    # Suggestions shown to the office: text at least this, within suggest_factor x reach.
    suggest_text: float = 0.20
    suggest_factor: float = 2.0
    max_suggestions: int = 5
    # Category pairs that may join each other (灾后重建道路 is also 城乡基础设施).
    compatible_categories: frozenset[frozenset[str]] = field(
        default_factory=lambda: frozenset({frozenset({"infrastructure", "disaster_rebuild"})})
    )
    # A closed item of the same kind, closed this recently and within join reach (or the
    # same area without a usable fix), makes a new report its recurrence.
    recurrence_days: float = 90.0
    recurrence_text: float = 0.25


@dataclass(frozen=True)
class Match:
    """How one candidate compares with the report, with reason codes for the office.

    score is 0.7 x text similarity + 0.3 x closeness (1 at the same spot, 0 at threshold_m),
    used to rank; threshold_m is this pair's join distance including the same-area band.
    reasons are codes such as category_same, topic_match, topic_conflict, number_conflict,
    same_area, near / area_near / far / no_distance, position_unusable, item_closed.
    """

    item_id: int | str
    score: float
    text_similarity: float
    distance_m: float | None
    threshold_m: float | None
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Decision:
    """Join item_id, or start a new item; suggestions and recurrence go to the office.

    kind "join": add the report to item_id. kind "new": start an item; suggestions are
    open items that may be the same problem (the office merges by hand), recurrence is a
    recently closed item of the same kind near by (the problem came back), and
    needs_review marks a report without a usable position.
    """

    kind: Literal["join", "new"]
    item_id: int | str | None = None
    score: float = 0.0
    needs_review: bool = False
    suggestions: tuple[Match, ...] = ()
    recurrence: Match | None = None
    reasons: tuple[str, ...] = ()
    match: Match | None = None  # the joined item's assessment, for the office

    @property
    def recurrence_of(self) -> int | str | None:
        """Id of the recently closed item this report says has come back, if any."""
        return self.recurrence.item_id if self.recurrence else None

    @property
    def suggested_item_ids(self) -> tuple[int | str, ...]:
        """Ids of the suggested duplicates, best first."""
        return tuple(m.item_id for m in self.suggestions)


def valid_position(lat: float | None, lon: float | None) -> bool:
    """True when lat/lon are finite numbers inside WGS-84 ranges (not booleans)."""
    return (isinstance(lat, int | float) and isinstance(lon, int | float)
            and not isinstance(lat, bool) and not isinstance(lon, bool)
            and math.isfinite(lat) and math.isfinite(lon)
            and -90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0)


def position_usable(lat: float | None, lon: float | None, accuracy_m: float | None,
                    config: MergeConfig) -> bool:
    """True when a fix is good enough to merge on: valid, with accuracy within the limit."""
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
    if candidate.status != CLOSED_STATUS or candidate.closed_at is None:
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


def _text_signals(text: str, item_text: str) -> tuple[float, list[str]]:
    """Best text similarity, and topic/number reason codes, of a report against an item."""
    sim = best_similarity(text, item_text)
    ta, tb = topics(text), topics(item_text)
    reasons = []
    if ta & tb:
        reasons.append("topic_match")
    elif ta and tb:
        reasons.append("topic_conflict")
    item_numbers = frozenset().union(*(number_tags(part) for part in split_reports(item_text)))
    if numbers_conflict(number_tags(text), item_numbers):
        reasons.append("number_conflict")
    return sim, reasons


def _geometry(report: ReportSignal, c: Candidate, usable: bool, item_usable: bool,
              same_area: bool, config: MergeConfig) -> tuple[float | None, float | None, float]:
    """Distance, join threshold and reach (threshold plus the same-area band) in metres."""
    if not (valid_position(report.lat, report.lon) and valid_position(c.lat, c.lon)):
        return None, None, 0.0
    distance = haversine_m(report.lat, report.lon, c.lat, c.lon)
    acc1 = report.accuracy_m if usable else config.max_accuracy_m
    acc2 = c.accuracy_m if item_usable else config.max_accuracy_m
    threshold = join_threshold_m(acc1, acc2, config)
    return distance, threshold, threshold + (config.same_area_extra_m if same_area else 0.0)


def _may_join(sim: float, reasons: list[str], config: MergeConfig) -> bool:
    """The text and distance rule of auto-join, given the reason codes gathered so far."""
    if "number_conflict" in reasons:
        return False
    if "topic_conflict" in reasons and sim < config.topic_override_text:
        return False
    needed = config.auto_text_same_topic if "topic_match" in reasons else config.auto_text
    return ("near" in reasons and sim >= needed) or (
        "area_near" in reasons and sim >= needed + config.far_margin)


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


def _where(report: ReportSignal, c: Candidate, usable: bool, config: MergeConfig) -> _Where:
    """The geometry of one candidate, computed before any text work."""
    same_area = report.area_id is not None and report.area_id == c.area_id
    item_usable = position_usable(c.lat, c.lon, c.accuracy_m, config)
    distance, threshold, reach = _geometry(report, c, usable, item_usable, same_area, config)
    by_area = same_area and (distance is None or not (usable and item_usable))
    within = by_area or (distance is not None and distance <= reach * config.suggest_factor)
    return _Where(same_area, item_usable, distance, threshold, reach, by_area, within)


def worth_comparing(report: ReportSignal, c: Candidate, config: MergeConfig) -> bool:
    """True when a candidate is close enough that its text must be compared."""
    usable = position_usable(report.lat, report.lon, report.accuracy_m, config)
    return _where(report, c, usable, config).within_suggest


def _assess(report: ReportSignal, c: Candidate, usable: bool, now: datetime,
            config: MergeConfig) -> _Assessment:
    """Measure every signal of one candidate and say what it may become."""
    related = categories_related(report.category, c.category, config)
    w = _where(report, c, usable, config)
    same_area, item_usable, distance, threshold, reach, by_area = (
        w.same_area, w.item_usable, w.distance, w.threshold, w.reach, w.by_area)
    if not w.within_suggest:   # too far to join, suggest or recur: skip the text work
        return _Assessment(Match(c.item_id, 0.0, 0.0, None if distance is None else
                                 round(distance, 1), round(reach, 1), ("far",)),
                           False, False, False)
    sim, reasons = _text_signals(report.description, c.description)
    reasons.insert(0, f"category_{related or 'differs'}")
    reasons += ["same_area"] if same_area else []
    reasons += [] if usable else ["position_unusable"]
    reasons += [] if item_usable else ["item_position_unusable"]
    if c.status not in OPEN_STATUSES:
        reasons.append(f"item_{c.status}")
    if distance is None:
        reasons.append("no_distance")
    else:
        reasons.append("near" if distance <= threshold else
                       "area_near" if distance <= reach else "far")
    is_open = c.status in OPEN_STATUSES
    can_join = (usable and item_usable and is_open and related is not None
                and _may_join(sim, reasons, config))
    near_enough = by_area or (distance is not None and distance <= reach)
    can_suggest = is_open and sim >= config.suggest_text
    can_recur = (closed_recently(c, now, config) and near_enough and related is not None
                 and "topic_conflict" not in reasons and sim >= config.recurrence_text)
    closeness = 0.0 if distance is None or reach <= 0 else max(0.0, 1.0 - distance / reach)
    match = Match(c.item_id, round(0.7 * sim + 0.3 * closeness, 4), round(sim, 4),
                  None if distance is None else round(distance, 1),
                  None if distance is None else round(reach, 1), tuple(reasons))
    return _Assessment(match, can_join, can_suggest, can_recur)


def _rank(assessments: list[_Assessment]) -> list[_Assessment]:
    """Assessments best first: by score (text and closeness), then by text alone."""
    return sorted(assessments, key=lambda a: (a.match.score, a.match.text_similarity),
                  reverse=True)


def decide(report: ReportSignal, candidates: Iterable[Candidate], config: MergeConfig,
           now: datetime) -> Decision:
    """Join the best open item that is clearly the same problem, or start a new item."""
    usable = position_usable(report.lat, report.lon, report.accuracy_m, config)
    unique: dict[int | str, Candidate] = {}
    for c in candidates:
        unique.setdefault(c.item_id, c)
    assessed = [_assess(report, c, usable, now, config) for c in unique.values()]
    joins = _rank([a for a in assessed if a.can_join])
    join = joins[0] if joins else None
    others = _rank([a for a in assessed if a.can_suggest and a is not join])
    suggestions = tuple(a.match for a in others[: config.max_suggestions])
    if join is not None:
        return Decision("join", join.match.item_id, join.match.score, False, suggestions,
                        None, ("joined",), join.match)
    recurs = _rank([a for a in assessed if a.can_recur])
    reasons = ([] if usable else ["position_unusable"]) + (
        ["suggested"] if suggestions else []) + (["recurrence"] if recurs else [])
    score = max((m.score for m in suggestions), default=0.0)
    return Decision("new", None, score, not usable, suggestions,
                    recurs[0].match if recurs else None, tuple(reasons))
