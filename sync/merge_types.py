"""The merge decision's vocabulary: what goes in, the settings, and what comes out.

Frozen dataclasses only; the rules that use them live in sync/merge.py.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal


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
