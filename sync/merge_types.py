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
    """Thresholds of the decision, chosen on tests/merge/clusters/tune.jsonl (issue 14).

    The measure and holdout sets of that folder are never tuned on; README gives both.
    """

    # Join distance = min(max_distance_m, base_distance_m + accuracy_factor * hypot(a1, a2)).
    # Two people reporting one problem stand apart, and a problem has a size (base); the
    # fixes' errors add up (hypot). Reports of one problem in the labelled sets lie within
    # hypot + 4 m of each other; identical texts 80 m or more apart are other problems.
    base_distance_m: float = 30.0
    accuracy_factor: float = 1.0
    max_distance_m: float = 75.0
    # Same area_id: this much farther, where the text must be far_margin more similar.
    same_area_extra_m: float = 15.0
    far_margin: float = 0.10
    # A fix worse than this, or without accuracy, is no usable position: never auto-join.
    max_accuracy_m: float = 100.0
    # Similarity of the place-free texts (sync.problem.Judgement.text) needed to join, by
    # what the lexicon found: the same problem joins on position alone; the same object
    # with no defect in common needs auto_text_same_object; texts where one side names no
    # object need auto_text; texts naming only different objects topic_override_text (the
    # lexicon is partial). Another category (not compatible) adds cross_category_text.
    auto_text: float = 0.35
    auto_text_same_object: float = 0.15
    topic_override_text: float = 0.75
    cross_category_text: float = 0.20
    # Likely suggestions: the same problem or object, or whole texts (places included) at
    # least this similar, within suggest_factor x reach; near items judged other problems
    # are listed as such (Match.likely False).
    suggest_text: float = 0.20
    suggest_other_objects_text: float = 0.30
    suggest_factor: float = 2.0
    max_suggestions: int = 5
    # Category pairs that count as related (灾后重建道路 is also 城乡基础设施).
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
    reasons are codes such as category_same, same_problem, same_object, text_alike,
    defect_differs, identifier_differs, same_area, near / area_near / far / no_distance,
    position_unusable, item_closed.
    """

    item_id: int | str
    score: float
    text_similarity: float
    distance_m: float | None
    threshold_m: float | None
    reasons: tuple[str, ...]
    likely: bool = True              # False: near, but judged another problem
    what: tuple[str, ...] = ()       # problems (井盖·缺失) or objects both texts name
    conflict: str | None = None      # why another problem: defect:<object>, identifier:<kind>


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
    bridges: tuple[Match, ...] = ()  # other open items a joining report matches as well

    @property
    def recurrence_of(self) -> int | str | None:
        """Id of the recently closed item this report says has come back, if any."""
        return self.recurrence.item_id if self.recurrence else None

    @property
    def suggested_item_ids(self) -> tuple[int | str, ...]:
        """Ids of the suggested duplicates, best first."""
        return tuple(m.item_id for m in self.suggestions)
