"""The rules of 民生实事 projects: aspects, statuses, progress, milestones and closure.

Pure functions over plain values (no Flask, no database), used by the API and, later, by
the `project.progress` mutation alike. Decisions recorded here (README, "民生实事 projects"):
- a progress update never lowers the percent complete nor the investment done: both only
  grow (a typing error is corrected by the office editing the project, not by progress);
- investment done above the total needs a recorded `over_budget_reason`;
- the first progress with a percent above 0 starts a planned project (planned → in_progress);
- a project closes (销号) only through verification, by the item's rule (sync.verification).
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sync.errors import DomainError
from sync.verification import distance_m, verdict
from sync.workdays import WorkCalendar

# The six aspects of the 民生实事台账 (background text), the same codes as item categories.
ASPECTS = ("convenience", "infrastructure", "health", "culture_tourism", "disaster_rebuild",
           "other")

PLANNED, IN_PROGRESS, COMPLETED, IN_USE, CLOSED = (
    "planned", "in_progress", "completed", "in_use", "closed")
STATUSES = (PLANNED, IN_PROGRESS, COMPLETED, IN_USE, CLOSED)
# Status changes the office may make by editing a project; `closed` only through verify.
_EDITS = {
    PLANNED: frozenset({IN_PROGRESS}),
    IN_PROGRESS: frozenset({PLANNED, COMPLETED}),
    COMPLETED: frozenset({IN_PROGRESS, IN_USE}),
    IN_USE: frozenset({COMPLETED}),
    CLOSED: frozenset(),
}
VERIFIABLE = frozenset({COMPLETED, IN_USE})

# 倒排工期: steps and their working days before the completion date (the last on it).
TEMPLATE: tuple[tuple[str, int], ...] = (
    ("立项", 200), ("设计", 170), ("招标", 140), ("开工", 110), ("主体完工", 30),
    ("竣工验收", 0))


@dataclass(frozen=True)
class ProjectFacts:
    """What the rules need to know about a project as it stands."""

    status: str
    percent: int = 0
    investment_total_wan: Decimal = Decimal(0)
    investment_done_wan: Decimal = Decimal(0)
    lat: float | None = None
    lon: float | None = None
    progress_photo_count: int = 0


@dataclass(frozen=True)
class Progress:
    """A progress update as the unit sends it (None: unchanged)."""

    text: str
    percent: int | None = None
    investment_done_wan: Decimal | None = None
    over_budget_reason: str | None = None


@dataclass(frozen=True)
class ProgressOutcome:
    """What a progress update changes on the project."""

    status: str
    percent: int
    investment_done_wan: Decimal
    over_budget: bool


def check_edit(current: str, wanted: str) -> None:
    """Refuse a status the office may not set from `current` (409 invalid_transition)."""
    if wanted != current and wanted not in _EDITS[current]:
        raise DomainError("invalid_transition",
                          f"cannot move a project from {current} to {wanted}",
                          {"status": current, "to": wanted})


def check_investment(total: Decimal, done: Decimal, reason: str | None) -> bool:
    """Refuse investment done above the total without a reason; True when it is above."""
    if done <= total:
        return False
    if not (reason and reason.strip()):
        raise DomainError("over_budget", "investment done exceeds the total; give the reason",
                          {"investment_total_wan": str(total), "investment_done_wan": str(done)})
    return True


def _check_ranges(update: Progress) -> None:
    """Refuse a percent outside 0..100 or a negative investment (422)."""
    bad = {}
    if update.percent is not None and not 0 <= update.percent <= 100:
        bad["percent"] = ["must be between 0 and 100"]
    if update.investment_done_wan is not None and update.investment_done_wan < 0:
        bad["investment_done_wan"] = ["must not be negative"]
    if bad:
        raise DomainError("validation_failed", "out of range", {"fields": bad})


def apply_progress(project: ProjectFacts, update: Progress) -> ProgressOutcome:
    """Check a progress update against the project and return what it changes."""
    if not update.text or not update.text.strip():
        raise DomainError("validation_failed", "text is required",
                          {"fields": {"text": ["required"]}})
    _check_ranges(update)
    percent = project.percent if update.percent is None else update.percent
    done = project.investment_done_wan if update.investment_done_wan is None \
        else update.investment_done_wan
    over = check_investment(project.investment_total_wan, done, update.over_budget_reason)
    if project.status == CLOSED:
        raise DomainError("invalid_transition", "a closed project takes no progress",
                          {"status": project.status})
    if percent < project.percent:
        raise DomainError("percent_decreased", "percent complete cannot go down",
                          {"percent": project.percent, "given": percent})
    if done < project.investment_done_wan:
        raise DomainError("investment_decreased", "investment done cannot go down",
                          {"investment_done_wan": str(project.investment_done_wan),
                           "given": str(done)})
    status = IN_PROGRESS if project.status == PLANNED and percent > 0 else project.status
    return ProgressOutcome(status=status, percent=percent, investment_done_wan=done,
                           over_budget=over)


def working_days_before(day: date, n: int, cal: WorkCalendar) -> date:
    """The working day n working days before `day` (n=0: `day` itself, or the last
    working day before it when it is a day off)."""
    while not cal.is_workday(day):
        day -= timedelta(days=1)
    left = n
    while left:
        day -= timedelta(days=1)
        if cal.is_workday(day):
            left -= 1
    return day


def plan_milestones(due: date, cal: WorkCalendar, start: date | None = None,
                    template: tuple[tuple[str, int], ...] = TEMPLATE) -> list[dict]:
    """倒排工期: the template's steps dated backwards from `due` on the working-day calendar.
    With a start date the offsets shrink in proportion so the first step falls on or after
    the start; every date is a working day, in the template's order."""
    longest = max(days for _, days in template) or 1
    span = None
    if start is not None and start < due:
        span = _working_days(start, due, cal)
    out = []
    for position, (name, days) in enumerate(template):
        back = days if span is None or span >= longest else days * span // longest
        out.append({"name": name, "due": working_days_before(due, back, cal),
                    "position": position})
    return out


def _working_days(start: date, due: date, cal: WorkCalendar) -> int:
    """Working days after `start` up to and including `due`."""
    return sum(cal.is_workday(start + timedelta(days=i))
               for i in range(1, (due - start).days + 1))


def is_late(due: date, done_on: date | None, today: date) -> bool:
    """节点滞后: a milestone past its date (local) and not done; derived, never stored."""
    return done_on is None and due < today


@dataclass(frozen=True)
class VerifyOutcome:
    """What a verification leaves: the project's status and what to record about it."""

    status: str
    closes: bool
    distance_m: float | None
    override: bool


def verify(project: ProjectFacts, *, decision: str | None, satisfaction: str | None,
           lat: float | None, lon: float | None, photos: tuple, office: bool,
           override_reason: str | None = None, max_m: float = 300.0) -> VerifyOutcome:
    """销号: where a verification leaves the project, by the item's rule
    (群众不认可，实事不销号); a project not completed or in use cannot be verified."""
    if project.status not in VERIFIABLE:
        raise DomainError("invalid_transition", "only a completed project can be verified",
                          {"status": project.status})
    found = verdict(decision=decision, satisfaction=satisfaction,
                    distance=distance_m(project.lat, project.lon, lat, lon), max_m=max_m,
                    override_reason=override_reason, office=office, photos=tuple(photos),
                    evidence_count=project.progress_photo_count)
    return VerifyOutcome(status=CLOSED if found.closes else IN_PROGRESS, closes=found.closes,
                         distance_m=found.distance_m, override=found.override)
