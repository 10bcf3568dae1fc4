"""Every (state, action, role) of the ledger against the table DESIGN.md draws."""

from datetime import date

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
    next_state,
)

ROLES = ("cadre", "handler", "supervisor", "office", "admin")
UNIT = 7
ITEM_LAT, ITEM_LON = 34.3960, 113.7380

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
}

GOOD_REQUEST = ActionRequest(reason="重复上报", note="已更换井盖", photos=("a" * 64,),
                             decision="accept", satisfaction="satisfied",
                             lat=ITEM_LAT + 0.0005, lon=ITEM_LON)


def _facts(state):
    return ItemFacts(status=state, unit_id=UNIT, lat=ITEM_LAT, lon=ITEM_LON,
                     after_photo_count=1)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("state", STATES)
def test_every_state_action_role(state, action, role):
    states, roles, target = SPEC[action]
    actor = Actor(user_id=1, roles=frozenset({role}), unit_id=UNIT)
    if role not in roles:
        with pytest.raises(DomainError) as err:
            next_state(_facts(state), action, actor, GOOD_REQUEST)
        assert err.value.code == "forbidden"
    elif state not in states:
        with pytest.raises(DomainError) as err:
            next_state(_facts(state), action, actor, GOOD_REQUEST)
        assert err.value.code == "invalid_transition"
    else:
        outcome = next_state(_facts(state), action, actor, GOOD_REQUEST)
        assert outcome.to_state == (target or state)


def test_unknown_action():
    with pytest.raises(DomainError) as err:
        next_state(_facts("new"), "close", Actor(1, frozenset({"office"})), GOOD_REQUEST)
    assert err.value.code == "unknown_action"


@pytest.mark.parametrize("action", ["rectified", "long_term"])
def test_handler_of_another_unit_is_refused(action):
    actor = Actor(user_id=1, roles=frozenset({"handler"}), unit_id=UNIT + 1)
    with pytest.raises(DomainError) as err:
        next_state(_facts("assigned"), action, actor, GOOD_REQUEST)
    assert err.value.code == "forbidden"


def test_handler_without_unit_cannot_touch_unassigned_item():
    actor = Actor(user_id=1, roles=frozenset({"handler"}), unit_id=None)
    facts = ItemFacts(status="assigned", unit_id=None)
    with pytest.raises(DomainError):
        next_state(facts, "rectified", actor, GOOD_REQUEST)


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_reject_needs_a_reason(reason):
    req = ActionRequest(reason=reason)
    with pytest.raises(DomainError) as err:
        next_state(_facts("new"), "reject", Actor(1, frozenset({"office"})), req)
    assert err.value.code == "reason_required"


def test_rectified_needs_after_photos():
    req = ActionRequest(note="修好了", photos=())
    actor = Actor(1, frozenset({"handler"}), UNIT)
    with pytest.raises(DomainError) as err:
        next_state(_facts("assigned"), "rectified", actor, req)
    assert err.value.code == "photos_required"


SUPERVISOR = Actor(1, frozenset({"supervisor"}), None)


def _verify(decision, satisfaction, lat=ITEM_LAT, photos=("b" * 64,), actor=SUPERVISOR,
            override=None, rules=None):
    req = ActionRequest(decision=decision, satisfaction=satisfaction, photos=photos,
                        lat=lat, lon=ITEM_LON, override_reason=override)
    return next_state(_facts("rectified"), "verify", actor, req, rules or Rules())


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
                      rules=Rules(verify_max_distance_m=500))
    assert outcome.to_state == "closed" and 390 < outcome.distance_m < 410
    with pytest.raises(DomainError):
        _verify("accept", "satisfied", lat=ITEM_LAT + 0.0036,
                rules=Rules(verify_max_distance_m=300))


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


@pytest.mark.parametrize("status,deadline,today,expected", [
    ("assigned", date(2026, 11, 26), date(2026, 11, 27), True),
    ("assigned", date(2026, 11, 27), date(2026, 11, 27), False),
    ("long_term", date(2026, 11, 1), date(2026, 11, 27), True),
    ("rectified", date(2026, 11, 1), date(2026, 11, 27), True),
    ("closed", date(2026, 11, 1), date(2026, 11, 27), False),
    ("rejected", date(2026, 11, 1), date(2026, 11, 27), False),
    ("assigned", None, date(2026, 11, 27), False),
])
def test_overdue_is_derived(status, deadline, today, expected):
    assert is_overdue(status, deadline, today) is expected
