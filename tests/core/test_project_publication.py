"""What of a 民生实事 project goes public (sync/project_publication.py), table by table."""

import pytest

from sync import project_publication as pp
from sync.projects import STATUSES


@pytest.mark.parametrize("status", STATUSES)
def test_a_project_is_public_in_every_status_unless_withheld(status):
    assert pp.is_public(True, status) is True
    assert pp.is_public(False, status) is False


@pytest.mark.parametrize("status", ["", "draft", "deleted", None])
def test_an_unknown_status_is_never_public(status):
    assert pp.is_public(True, status) is False


@pytest.mark.parametrize("leader_led,leader,shown", [
    (True, "市长 李建国", "市长 李建国"), (True, "  副市长王某  ", "副市长王某"),
    (True, None, None), (True, "   ", None),
    (False, "张科长", None), (False, None, None)])
def test_the_leader_is_shown_only_for_a_leader_led_project(leader_led, leader, shown):
    assert pp.shown_leader(leader_led, leader) == shown


@pytest.mark.parametrize("updates,limit,expected", [
    ([["a", "b"], ["c"]], 4, ["a", "b", "c"]),
    ([["a", "b"], ["b", "c"], ["d", "e"]], 4, ["a", "b", "c", "d"]),   # a repeat counts once
    ([[], None, ["x"]], 4, ["x"]),
    ([["a", "b", "c"]], 2, ["a", "b"]),
    ([], 4, [])])
def test_the_latest_photos_come_newest_first_without_repeats(updates, limit, expected):
    assert pp.latest_photos(updates, limit) == expected
