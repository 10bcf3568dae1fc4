"""The redaction on the labelled tune set: no personal datum survives, few keeps are lost.

tests/data/redact/tune.jsonl is the set the rules of sync/redact.py were written on (texts
the way cadres and residents type them, with the substrings that must not survive and those
that must). bench/redact_quality.py prints the same figures per kind, with the failures, and
those of the holdout set, which was written blind and is measured, never asserted.
"""

import pytest

from bench.redact_quality import load, score

MAX_DESTROYED = 0.02


def test_the_tune_set_is_large_and_its_labels_are_in_their_texts():
    rows = load("tune")
    figures = score(rows)
    assert len(rows) >= 400
    assert figures["bad"] == []
    assert sum(figures["personal"].values()) >= 400 and figures["keeps"] >= 400


def test_no_personal_datum_of_the_tune_set_survives():
    figures = score(load("tune"))
    assert {k: n for k, n in figures["survived"].items() if n} == {}, [
        (sub, public) for _, sub, _, public in figures["failures"]["survived"]]


def test_at_most_two_percent_of_the_keeps_are_destroyed():
    figures = score(load("tune"))
    assert figures["destroyed"] <= MAX_DESTROYED * figures["keeps"], [
        (sub, public) for _, sub, _, public in figures["failures"]["destroyed"]]


def test_every_kind_is_in_the_tune_set():
    figures = score(load("tune"))
    assert all(figures["personal"][kind] >= 10 for kind in
               ("phone", "id_card", "plate", "email", "wechat", "qq", "bank_card", "house",
                "name"))


# tune3.jsonl was written blind (20.8% survived before the rules saw it) and is tuned on now;
# it keeps what the rules have reached on it. A floor to raise, never to lower.
# tune4.jsonl likewise (15.2% survived blind, 5.0% after its round on 2026-12-06), and
# tune5.jsonl (18.6% blind, 10.0% after its first round), tune6.jsonl (9.0% blind, 1.4% after
# its first round on 2026-12-08), tune7.jsonl (12.8% blind, 4.9% after its first round) and
# tune8.jsonl (9.9% blind, 6.2% after its first round). tune8's writer kept offices' phone
# numbers and mailboxes, which the rules mask like any (DESIGN: every phone number), so its
# keeps are held at 3% destroyed instead of 2%.
HELD = {"tune3": 0.05, "tune4": 0.05, "tune5": 0.10, "tune6": 0.015, "tune7": 0.05,
        "tune8": 0.065}
HELD_DESTROYED = {"tune8": 0.03}


@pytest.mark.parametrize("name", sorted(HELD))
def test_the_later_tune_sets_stay_where_the_rules_have_brought_them(name):
    figures = score(load(name))
    survived, personal = sum(figures["survived"].values()), sum(figures["personal"].values())
    assert figures["bad"] == [] and personal >= 490
    assert survived <= HELD[name] * personal, [
        (sub, public) for _, sub, _, public in figures["failures"]["survived"]]
    assert figures["destroyed"] <= HELD_DESTROYED.get(name, MAX_DESTROYED) * figures["keeps"]
