"""The ledger's state machine: who may move an item from which state to which.

`next_state(item, action, actor, request, rules)` is the single rule used by the
online item actions and by offline mutations alike. It raises `DomainError` with
a stable code and never touches storage: the caller passes in what the rule looks at
(the deployment's local date in `Rules`, a merge's survivor and a split's report in
`ActionRequest`, the item's report count in `ItemFacts`).

`escalate` (难点问题纳入民生实事台账) makes a project of an item and leaves the item's own
state as it is: the item stays in the ledger with its unit and deadline and still closes
by its own verification; the project carries the larger work.
"""

from datetime import date, timedelta

from sync.errors import DomainError
from sync.verification import distance_m, verdict
from sync.workflow_types import ActionRequest, Actor, ItemFacts, Outcome, Rules  # re-exported

NEW, ASSIGNED, RECTIFIED, LONG_TERM = "new", "assigned", "rectified", "long_term"
CLOSED, REJECTED, MERGED = "closed", "rejected", "merged"
STATES = (NEW, ASSIGNED, RECTIFIED, LONG_TERM, CLOSED, REJECTED, MERGED)
OPEN_STATES = frozenset({NEW, ASSIGNED, RECTIFIED, LONG_TERM})
FINAL_STATES = frozenset({CLOSED, REJECTED, MERGED})

ACTIONS = ("assign", "reject", "long_term", "merge", "split", "rectified", "verify", "recheck",
           "reschedule", "escalate")
RECHECK_RESULTS = ("pass", "fail")

# action -> (states it may start from, roles that may take it)
_RULES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "assign": (frozenset({NEW}), frozenset({"office"})),
    "reject": (frozenset({NEW}), frozenset({"office"})),
    "merge": (frozenset({NEW}), frozenset({"office"})),
    "split": (OPEN_STATES, frozenset({"office"})),
    "long_term": (frozenset({ASSIGNED}), frozenset({"handler", "office"})),
    "rectified": (frozenset({ASSIGNED, LONG_TERM}), frozenset({"handler"})),
    "verify": (frozenset({RECTIFIED}), frozenset({"supervisor"})),
    # 周抽查: a closed item drawn for the week's spot check; `fail` reopens it (反弹).
    "recheck": (frozenset({CLOSED}), frozenset({"supervisor"})),
    # 调整整改时限: the office sets a new deadline, with its reason (a reopened item's too).
    "reschedule": (frozenset({ASSIGNED, LONG_TERM}), frozenset({"office"})),
    # 难点问题纳入民生实事台账: the office makes a project of an item in rectification.
    "escalate": (frozenset({ASSIGNED, LONG_TERM}), frozenset({"office"})),
}
# Roles whose right to act is limited to items of their own unit.
_UNIT_BOUND = frozenset({"handler"})


def roles_for(action: str) -> frozenset[str]:
    """The roles that may ever take `action` (on some item); the HTTP layer answers 403
    to anyone else before it reads the body."""
    _ensure_known(action)
    return _RULES[action][1]


def _ensure_known(action: str) -> None:
    """Refuse an action the ledger does not have."""
    if action not in _RULES:
        raise DomainError("unknown_action", f"unknown action {action!r}", {"action": action})


def _ensure_role(action: str, item: ItemFacts, actor: Actor) -> None:
    """Refuse an actor whose roles (and unit, where it matters) do not allow the action."""
    allowed = _RULES[action][1] & actor.roles
    unbound = any(r not in _UNIT_BOUND for r in allowed)
    own_unit = bool(allowed) and item.unit_id is not None and actor.unit_id == item.unit_id
    if not (unbound or own_unit):
        raise DomainError("forbidden", f"not allowed to {action} this item", {"action": action})


def _ensure_state(action: str, item: ItemFacts) -> None:
    """Refuse an action the item's current state does not allow."""
    if item.status not in _RULES[action][0]:
        raise DomainError(
            "invalid_transition",
            f"cannot {action} an item that is {item.status}",
            {"action": action, "status": item.status},
        )


def _require_text(value: str | None, code: str, field_name: str) -> None:
    """Refuse a blank required text."""
    if not value or not value.strip():
        raise DomainError(code, f"{field_name} is required", {"field": field_name})


def check_deadline(deadline: date | None, rules: Rules, required: bool = False,
                   name: str = "deadline") -> None:
    """Refuse a missing (where required) deadline, or one outside today .. the horizon
    (`name`: the field that carries it, `due` for a project's completion date)."""
    latest = rules.today + timedelta(days=rules.deadline_horizon_days)
    if deadline is None and not required:
        return
    if deadline is None:
        problem = f"{name} is required"
    elif deadline < rules.today:
        problem = f"{name} is in the past"
    elif deadline > latest:
        problem = f"{name} is too far in the future"
    else:
        return
    raise DomainError("validation_failed", problem,
                      {"fields": {name: [problem]}, "earliest": rules.today.isoformat(),
                       "latest": latest.isoformat()})


def _ensure_survivor(item: ItemFacts, into: ItemFacts | None) -> None:
    """A merge needs another item, still open, to survive it."""
    if into is None or into.item_id == item.item_id or into.status not in OPEN_STATES:
        details = {} if into is None else {"into_item_id": into.item_id, "status": into.status}
        raise DomainError("invalid_merge", "the surviving item must be another open item",
                          details)


def _ensure_splittable(item: ItemFacts, req: ActionRequest) -> None:
    """A split takes out one report of an item that has at least two."""
    if req.report_item_id is None or req.report_item_id != item.item_id \
            or item.report_count < 2:
        raise DomainError("invalid_split", "the report must be one of several on this item",
                          {"report_id": req.report_id})


def _ensure_request(action: str, item: ItemFacts, req: ActionRequest, rules: Rules) -> None:
    """Refuse a request whose reason or deadline the action cannot take."""
    if action == "reject":
        _require_text(req.reason, "reason_required", "reason")
    elif action == "assign":
        check_deadline(req.deadline, rules, required=True)
    elif action == "long_term":
        _require_text(req.note, "reason_required", "note")
        check_deadline(req.deadline, rules)
    elif action == "recheck":
        _ensure_recheck_request(req)
    elif action == "reschedule":
        _require_text(req.note, "reason_required", "note")
        check_deadline(req.deadline, rules, required=True)
    elif action == "escalate":
        check_deadline(req.deadline, rules, required=True, name="due")


def _ensure_recheck_request(req: ActionRequest) -> None:
    """A re-check says pass or fail, gives its reason when it fails, and shows photos."""
    if req.result not in RECHECK_RESULTS:
        raise DomainError("validation_failed", "result must be pass or fail",
                          {"fields": {"result": ["must be pass or fail"]}})
    if req.result == "fail":
        _require_text(req.note, "reason_required", "note")
    if not req.photos:
        raise DomainError("photos_required", "a re-check needs on-site photos",
                          {"field": "photos"})


def _ensure_related(action: str, item: ItemFacts, req: ActionRequest) -> None:
    """Refuse a merge survivor, a split report or a second escalation that does not fit the
    item as it stands."""
    if action == "merge":
        _ensure_survivor(item, req.into)
    elif action == "split":
        _ensure_splittable(item, req)
    elif action == "recheck" and not item.sampled:
        raise DomainError("not_sampled", "the item is not waiting for a spot check",
                          {"item_id": item.item_id})
    elif action == "escalate" and item.project_id is not None:
        raise DomainError("already_escalated", "the item is already a project",
                          {"project_id": item.project_id})


def _distance(item: ItemFacts, req: ActionRequest) -> float | None:
    """Metres between the item and where the request was made (None when either is unknown)."""
    return distance_m(item.lat, item.lon, req.lat, req.lon)


def _recheck_outcome(item: ItemFacts, req: ActionRequest, rules: Rules) -> Outcome:
    """A re-check must be made on site; `fail` reopens the item (反弹), `pass` keeps it closed."""
    distance = _distance(item, req)
    if distance is None or distance > rules.verify_max_distance_m:
        raise DomainError("too_far", "a re-check must be made on site",
                          {"distance_m": distance, "max_m": rules.verify_max_distance_m})
    failed = req.result == "fail"
    return Outcome(to_state=ASSIGNED if failed else CLOSED, distance_m=distance,
                   extra={"rebound": failed})


def _verify_outcome(item: ItemFacts, actor: Actor, req: ActionRequest, rules: Rules) -> Outcome:
    """Decide where a verification sends the item, by the shared rule (sync.verification)."""
    found = verdict(decision=req.decision, satisfaction=req.satisfaction,
                    distance=_distance(item, req), max_m=rules.verify_max_distance_m,
                    override_reason=req.override_reason, office="office" in actor.roles,
                    photos=req.photos, evidence_count=item.after_photo_count)
    return Outcome(to_state=CLOSED if found.closes else ASSIGNED, returned=not found.closes,
                   distance_m=found.distance_m, override=found.override)


def next_state(item: ItemFacts, action: str, actor: Actor, req: ActionRequest,
               rules: Rules) -> Outcome:
    """Check an action against the rules and return where it takes the item.

    In the contract's order: the role (403), then what the request carries (422), then
    the item's state (409); what relates the request to the item as it stands (a merge's
    survivor, a split's report, a verification's distance and evidence) comes last.
    """
    _ensure_known(action)
    _ensure_role(action, item, actor)
    _ensure_request(action, item, req, rules)
    if action == "rectified":
        _require_text(req.note, "validation_failed", "note")
        if not req.photos:
            raise DomainError("photos_required", "rectification needs after-photos",
                              {"field": "photos"})
    _ensure_state(action, item)
    _ensure_related(action, item, req)
    if action == "rectified":
        return Outcome(to_state=RECTIFIED)
    if action == "verify":
        return _verify_outcome(item, actor, req, rules)
    if action == "recheck":
        return _recheck_outcome(item, req, rules)
    targets = {"assign": ASSIGNED, "reject": REJECTED, "merge": MERGED,
               "long_term": LONG_TERM, "split": item.status,
               "reschedule": item.status, "escalate": item.status}
    return Outcome(to_state=targets[action])


def judged_on(status: str, today: date, rectified_on: date | None = None,
              closed_on: date | None = None) -> date | None:
    """The day an item's deadline is judged against (local dates): today while the unit
    still works on it; the day it was rectified while it waits for verification (the
    unit did its part then, and the supervisor's delay is not the unit's; never a day
    after today); the closing day once closed; none for a rejected or merged item."""
    if status == RECTIFIED and rectified_on is not None:
        return min(rectified_on, today)
    if status == CLOSED:
        return closed_on
    return today if status in OPEN_STATES else None


def is_overdue(status: str, deadline: date | None, today: date,
               rectified_on: date | None = None) -> bool:
    """An item is overdue when it is still open and its deadline had passed on the day it
    is judged on (`judged_on`). The one source of the rule: the SQL of the ledger list
    (services.queries.overdue_clause), the bulletins (reports.sql.overdue_at) and the
    field app (pwa/js/views/itemparts.js isOverdue) are tested against it."""
    if deadline is None or status not in OPEN_STATES:
        return False
    return deadline < judged_on(status, today, rectified_on)
