"""Every (state, action, role) of the ledger against the table DESIGN.md draws."""

from dataclasses import replace
from datetime import date, timedelta

import pytest

from sync.errors import DomainError
from sync.workflow import (
    ACTIONS,
    STATES,
    ActionRequest,
    Actor,
    ItemFacts,
    Rules,
    is_overdue,
    judged_on,
    next_state,
    roles_for,
)
from tests.overdue_cases import CASES

ROLES = ("cadre", "handler", "supervisor", "office", "admin")
UNIT = 7
ITEM_LAT, ITEM_LON = 34.3960, 113.7380
ITEM_ID, OTHER_ID = 41, 42
TODAY = date(2026, 11, 27)
RULES = Rules(today=TODAY)

# The specification, written out independently of the rule table in sync/workflow.py:
# action: (states it may start from, roles allowed, state it leads to)
SPEC = {
    "assign": ({"new"}, {"office"}, "assigned"),
    "reject": ({"new"}, {"office"}, "rejected"),
    "merge": ({"new"}, {"office"}, "merged"),
    "split": ({"new", "assigned", "rectified", "long_term"}, {"office"}, None),
    "long_term": ({"assigned"}, {"handler", "office"}, "long_term"),
    "rectified": ({"assigned", "long_term"}, {"handler"}, "rectified"),
    "verify": ({"rectified"}, {"supervisor"}, "closed"),
    "recheck": ({"closed"}, {"supervisor"}, "closed"),
    "reschedule": ({"assigned", "long_term"}, {"office"}, None),
    "escalate": ({"assigned", "long_term"}, {"office"}, None),   # the item's state stays
}

GOOD_REQUEST = ActionRequest(reason="重复上报", note="已更换井盖", photos=("a" * 64,),
                             decision="accept", satisfaction="satisfied", result="pass",
                             lat=ITEM_LAT + 0.0005, lon=ITEM_LON,
                             deadline=TODAY + timedelta(days=10),
                             into=ItemFacts(status="assigned", item_id=OTHER_ID),
                             report_id=7, report_item_id=ITEM_ID)


def _facts(state, report_count=2, sampled=True):
    return ItemFacts(status=state, unit_id=UNIT, lat=ITEM_LAT, lon=ITEM_LON,
                     after_photo_count=1, item_id=ITEM_ID, report_count=report_count,
                     sampled=sampled)


def _refused(state, action, roles, req, rules=RULES, facts=None):
    """The DomainError next_state raises for this request."""
    with pytest.raises(DomainError) as err:
        next_state(facts or _facts(state), action, Actor(1, frozenset(roles), UNIT), req, rules)
    return err.value


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("state", STATES)
def test_every_state_action_role(state, action, role):
    states, roles, target = SPEC[action]
    actor = Actor(user_id=1, roles=frozenset({role}), unit_id=UNIT)
    if role not in roles:
        with pytest.raises(DomainError) as err:
            next_state(_facts(state), action, actor, GOOD_REQUEST, RULES)
        assert err.value.code == "forbidden"
    elif state not in states:
        with pytest.raises(DomainError) as err:
            next_state(_facts(state), action, actor, GOOD_REQUEST, RULES)
        assert err.value.code == "invalid_transition"
    else:
        outcome = next_state(_facts(state), action, actor, GOOD_REQUEST, RULES)
        assert outcome.to_state == (target or state)


def test_unknown_action():
    with pytest.raises(DomainError) as err:
        next_state(_facts("new"), "close", Actor(1, frozenset({"office"})), GOOD_REQUEST, RULES)
    assert err.value.code == "unknown_action"


@pytest.mark.parametrize("action", ["rectified", "long_term"])
def test_handler_of_another_unit_is_refused(action):
    actor = Actor(user_id=1, roles=frozenset({"handler"}), unit_id=UNIT + 1)
    with pytest.raises(DomainError) as err:
        next_state(_facts("assigned"), action, actor, GOOD_REQUEST, RULES)
    assert err.value.code == "forbidden"


def test_handler_without_unit_cannot_touch_unassigned_item():
    actor = Actor(user_id=1, roles=frozenset({"handler"}), unit_id=None)
    facts = ItemFacts(status="assigned", unit_id=None)
    with pytest.raises(DomainError):
        next_state(facts, "rectified", actor, GOOD_REQUEST, RULES)


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_reject_needs_a_reason(reason):
    req = ActionRequest(reason=reason)
    with pytest.raises(DomainError) as err:
        next_state(_facts("new"), "reject", Actor(1, frozenset({"office"})), req, RULES)
    assert err.value.code == "reason_required"


def test_rectified_needs_after_photos():
    req = ActionRequest(note="修好了", photos=())
    actor = Actor(1, frozenset({"handler"}), UNIT)
    with pytest.raises(DomainError) as err:
        next_state(_facts("assigned"), "rectified", actor, req, RULES)
    assert err.value.code == "photos_required"


SUPERVISOR = Actor(1, frozenset({"supervisor"}), None)


def _verify(decision, satisfaction, lat=ITEM_LAT, photos=("b" * 64,), actor=SUPERVISOR,
            override=None, rules=None):
    req = ActionRequest(decision=decision, satisfaction=satisfaction, photos=photos,
                        lat=lat, lon=ITEM_LON, override_reason=override)
    return next_state(_facts("rectified"), "verify", actor, req, rules or RULES)


@pytest.mark.parametrize("decision,satisfaction,to_state,returned", [
    ("accept", "satisfied", "closed", False),
    ("accept", "basic", "closed", False),
    ("accept", "unsatisfied", "assigned", True),
    ("return", "satisfied", "assigned", True),
    ("return", "basic", "assigned", True),
    ("return", "unsatisfied", "assigned", True),
])
def test_verify_outcomes(decision, satisfaction, to_state, returned):
    outcome = _verify(decision, satisfaction)
    assert (outcome.to_state, outcome.returned) == (to_state, returned)


def test_verify_from_5km_is_too_far():
    with pytest.raises(DomainError) as err:
        _verify("accept", "satisfied", lat=ITEM_LAT + 0.045)
    assert err.value.code == "too_far"
    assert err.value.details["distance_m"] > 4900


def test_verify_distance_threshold_is_configurable():
    outcome = _verify("accept", "satisfied", lat=ITEM_LAT + 0.0036,
                      rules=Rules(today=TODAY, verify_max_distance_m=500))
    assert outcome.to_state == "closed" and 390 < outcome.distance_m < 410
    with pytest.raises(DomainError):
        _verify("accept", "satisfied", lat=ITEM_LAT + 0.0036,
                rules=Rules(today=TODAY, verify_max_distance_m=300))


def test_office_override_needs_reason_and_is_recorded():
    both = Actor(1, frozenset({"supervisor", "office"}), None)
    far = ITEM_LAT + 0.045
    with pytest.raises(DomainError):
        _verify("accept", "satisfied", lat=far, actor=both, override="  ")
    outcome = _verify("accept", "satisfied", lat=far, actor=both, override="道路封闭，远程视频验收")
    assert outcome.override and outcome.to_state == "closed"


def test_supervisor_alone_cannot_override():
    with pytest.raises(DomainError) as err:
        _verify("accept", "satisfied", lat=ITEM_LAT + 0.045, override="我说可以")
    assert err.value.code == "too_far"


def test_closing_needs_verification_photos():
    with pytest.raises(DomainError) as err:
        _verify("accept", "satisfied", photos=())
    assert err.value.code == "photos_required"
    assert _verify("return", "unsatisfied", photos=()).to_state == "assigned"


@pytest.mark.parametrize("status,deadline,today,rectified_on,expected", CASES)
def test_overdue_is_derived(status, deadline, today, rectified_on, expected):
    assert is_overdue(status, deadline, today, rectified_on) is expected


def test_judged_on():
    today, fixed, shut = date(2026, 12, 3), date(2026, 11, 20), date(2026, 11, 30)
    assert judged_on("assigned", today, fixed) == today
    assert judged_on("rectified", today, fixed) == fixed
    assert judged_on("closed", today, fixed, shut) == shut
    assert judged_on("merged", today) is None and judged_on("rejected", today) is None


@pytest.mark.parametrize("action", ACTIONS)
def test_roles_for_is_the_spec(action):
    assert roles_for(action) == SPEC[action][1]


def test_roles_for_unknown_action():
    with pytest.raises(DomainError) as err:
        roles_for("close")
    assert err.value.code == "unknown_action"


HORIZON = TODAY + timedelta(days=RULES.deadline_horizon_days)
# (action, state, deadline, allowed): the deadline lies between today and five years on.
DEADLINES = [
    ("assign", "new", TODAY, True),
    ("assign", "new", HORIZON, True),
    ("assign", "new", TODAY - timedelta(days=1), False),
    ("assign", "new", HORIZON + timedelta(days=1), False),
    ("assign", "new", date(1, 1, 1), False),
    ("assign", "new", date(9999, 12, 31), False),
    ("assign", "new", None, False),
    ("long_term", "assigned", None, True),
    ("long_term", "assigned", TODAY, True),
    ("long_term", "assigned", HORIZON, True),
    ("long_term", "assigned", TODAY - timedelta(days=1), False),
    ("long_term", "assigned", date(1, 1, 1), False),
    ("long_term", "assigned", HORIZON + timedelta(days=1), False),
]


@pytest.mark.parametrize("action,state,deadline,allowed", DEADLINES)
def test_deadline_between_today_and_the_horizon(action, state, deadline, allowed):
    req = ActionRequest(note="需纳入年度改造计划", deadline=deadline)
    if allowed:
        actor = Actor(1, frozenset({"office"}), UNIT)
        assert next_state(_facts(state), action, actor, req, RULES).to_state == SPEC[action][2]
        return
    err = _refused(state, action, {"office"}, req)
    assert err.code == "validation_failed" and list(err.details["fields"]) == ["deadline"]


def test_horizon_is_five_years_and_configurable():
    assert 5 * 365 <= RULES.deadline_horizon_days <= 5 * 366
    near = Rules(today=TODAY, deadline_horizon_days=30)
    err = _refused("new", "assign", {"office"},
                   ActionRequest(deadline=TODAY + timedelta(days=31)), rules=near)
    assert err.details["latest"] == (TODAY + timedelta(days=30)).isoformat()


@pytest.mark.parametrize("note", [None, "", "  \n"])
@pytest.mark.parametrize("role", ["office", "handler"])
def test_long_term_needs_a_reason(note, role):
    err = _refused("assigned", "long_term", {role},
                   ActionRequest(note=note, deadline=TODAY + timedelta(days=100)))
    assert (err.code, err.details) == ("reason_required", {"field": "note"})


@pytest.mark.parametrize("into", [
    None,
    ItemFacts(status="new", item_id=ITEM_ID),
    *(ItemFacts(status=s, item_id=OTHER_ID) for s in ("closed", "rejected", "merged")),
])
def test_merge_survivor_must_be_another_open_item(into):
    err = _refused("new", "merge", {"office"}, ActionRequest(into=into))
    assert err.code == "invalid_merge"


@pytest.mark.parametrize("status", ["new", "assigned", "rectified", "long_term"])
def test_merge_into_any_open_item(status):
    req = ActionRequest(into=ItemFacts(status=status, item_id=OTHER_ID))
    outcome = next_state(_facts("new"), "merge", Actor(1, frozenset({"office"})), req, RULES)
    assert outcome.to_state == "merged"


@pytest.mark.parametrize("report_item_id,report_count", [
    (None, 3),  # no such report
    (OTHER_ID, 3),  # a report of another item
    (ITEM_ID, 1),  # the item's only report
])
def test_split_takes_one_of_several_reports_of_the_item(report_item_id, report_count):
    req = ActionRequest(report_id=7, report_item_id=report_item_id)
    err = _refused("assigned", "split", {"office"}, req,
                   facts=_facts("assigned", report_count=report_count))
    assert (err.code, err.details) == ("invalid_split", {"report_id": 7})


# What the request carries is refused (422) before the item's state (409), in every state
# the action cannot start from: a caller learns the state only with a valid request.
BAD_BODIES = {
    "assign": ActionRequest(deadline=TODAY - timedelta(days=1)),
    "reject": ActionRequest(reason="   "),
    "long_term": ActionRequest(note="", deadline=TODAY + timedelta(days=3)),
    "rectified": ActionRequest(note="已修", photos=()),
    "recheck": ActionRequest(result="fail", note=" ", photos=("a" * 64,)),
    "reschedule": ActionRequest(note="", deadline=TODAY + timedelta(days=3)),
    "escalate": ActionRequest(deadline=TODAY - timedelta(days=1)),
}


@pytest.mark.parametrize("action", BAD_BODIES)
def test_a_bad_request_is_refused_before_the_state_is_judged(action):
    allowed, roles, _ = SPEC[action]
    for state in set(STATES) - allowed:
        err = _refused(state, action, roles, BAD_BODIES[action])
        assert err.code != "invalid_transition", (action, state, err.code)


# 周抽查复核: (request changes, whether the item waits for a re-check, outcome or error)
_NEAR = {"lat": ITEM_LAT + 0.0005, "lon": ITEM_LON}
RECHECKS = [
    ({"result": "pass", "photos": ("a" * 64,), **_NEAR}, True, ("closed", False)),
    ({"result": "fail", "note": "井盖又被盗", "photos": ("a" * 64,), **_NEAR}, True,
     ("assigned", True)),
    ({"result": "pass", "photos": ("a" * 64,), **_NEAR}, False, "not_sampled"),
    ({"result": "fail", "note": "  ", "photos": ("a" * 64,), **_NEAR}, True, "reason_required"),
    ({"result": "pass", "photos": (), **_NEAR}, True, "photos_required"),
    ({"result": "maybe", "photos": ("a" * 64,), **_NEAR}, True, "validation_failed"),
    ({"result": None, "photos": ("a" * 64,), **_NEAR}, True, "validation_failed"),
    ({"result": "pass", "photos": ("a" * 64,), "lat": ITEM_LAT + 0.05, "lon": ITEM_LON}, True,
     "too_far"),
    ({"result": "pass", "photos": ("a" * 64,), "lat": None, "lon": None}, True, "too_far"),
    # the office's override of the distance rule is verification's, not the re-check's
    ({"result": "pass", "photos": ("a" * 64,), "lat": ITEM_LAT + 0.05, "lon": ITEM_LON,
      "override_reason": "路断"}, True, "too_far"),
]


@pytest.mark.parametrize("changes,sampled,expected", RECHECKS)
def test_recheck(changes, sampled, expected):
    req = ActionRequest(**changes)
    facts = _facts("closed", sampled=sampled)
    actor = Actor(1, frozenset({"supervisor", "office"}), UNIT)
    if isinstance(expected, str):
        with pytest.raises(DomainError) as err:
            next_state(facts, "recheck", actor, req, RULES)
        assert err.value.code == expected
        return
    outcome = next_state(facts, "recheck", actor, req, RULES)
    assert (outcome.to_state, outcome.extra["rebound"]) == expected
    assert 0 < outcome.distance_m < RULES.verify_max_distance_m


def test_recheck_needs_to_be_sampled_only_once_closed():
    """An open item is refused for its state (409) before anyone asks about the sample."""
    err = _refused("assigned", "recheck", {"supervisor"},
                   ActionRequest(result="pass", photos=("a" * 64,), **_NEAR),
                   facts=_facts("assigned", sampled=False))
    assert err.code == "invalid_transition"


# 难点问题纳入民生实事台账: (the project's due, whether the item already is a project, error)
ESCALATIONS = [
    (TODAY + timedelta(days=200), None, None),
    (TODAY, None, None),
    (HORIZON, None, None),
    (None, None, "validation_failed"),
    (TODAY - timedelta(days=1), None, "validation_failed"),
    (HORIZON + timedelta(days=1), None, "validation_failed"),
    (TODAY + timedelta(days=200), 9, "already_escalated"),
]


@pytest.mark.parametrize("state", ["assigned", "long_term"])
@pytest.mark.parametrize("due,project_id,code", ESCALATIONS)
def test_escalate(state, due, project_id, code):
    facts = replace(_facts(state), project_id=project_id)
    req = ActionRequest(deadline=due)
    if code is None:
        outcome = next_state(facts, "escalate", Actor(1, frozenset({"office"})), req, RULES)
        assert outcome.to_state == state
        return
    err = _refused(state, "escalate", {"office"}, req, facts=facts)
    assert err.code == code
    if code == "validation_failed":
        assert list(err.details["fields"]) == ["due"]
    else:
        assert err.details == {"project_id": 9}


def test_a_second_escalation_of_a_closed_item_is_refused_for_its_state():
    """The state is judged (409 invalid_transition) before the link to a project."""
    err = _refused("closed", "escalate", {"office"},
                   ActionRequest(deadline=TODAY + timedelta(days=30)),
                   facts=replace(_facts("closed"), project_id=9))
    assert err.code == "invalid_transition"
