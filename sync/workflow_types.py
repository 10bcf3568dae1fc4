"""The ledger workflow's vocabulary: who acts, what the rules know about an item, what a
request carries, the deployment's settings and the decision that comes out.

Frozen dataclasses only; the rules that use them live in sync/workflow.py, which
re-exports them (callers import them from there).
"""

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Actor:
    """Who acts: user id, roles and unit."""

    user_id: int
    roles: frozenset[str]
    unit_id: int | None = None


@dataclass(frozen=True)
class ItemFacts:
    """What the rules need to know about an item."""

    status: str
    unit_id: int | None = None
    lat: float | None = None
    lon: float | None = None
    after_photo_count: int = 0
    item_id: int | None = None
    report_count: int = 1
    sampled: bool = False  # waiting for a 周抽查 re-check
    project_id: int | None = None  # the 民生实事 project it was escalated into


@dataclass(frozen=True)
class ActionRequest:
    """The parts of an action's payload that the rules look at."""

    reason: str | None = None
    note: str | None = None
    photos: tuple[str, ...] = ()
    decision: str | None = None
    satisfaction: str | None = None
    result: str | None = None  # recheck: pass / fail
    lat: float | None = None
    lon: float | None = None
    override_reason: str | None = None
    # assign (required), long_term (optional); escalate: the project's due (required)
    deadline: date | None = None
    into: ItemFacts | None = None  # merge: the surviving item
    report_id: int | None = None  # split: the report to take out
    report_item_id: int | None = None  # split: the item that report is on (None: no report)


@dataclass(frozen=True)
class Rules:
    """The deployment's local date and the settings the rules depend on."""

    today: date
    verify_max_distance_m: float = 300.0
    # A deadline further away than this is a typing error, not a plan (five years).
    deadline_horizon_days: int = 5 * 365 + 1


@dataclass(frozen=True)
class Outcome:
    """The decision: the state to move to and what to record about it."""

    to_state: str
    returned: bool = False
    distance_m: float | None = None
    override: bool = False
    extra: dict = field(default_factory=dict)
