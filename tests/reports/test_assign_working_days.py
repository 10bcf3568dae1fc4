"""交办 with a deadline in working days on the Chinese calendar."""

from datetime import date

import pytest


def _assign(client, auth, org, item_id, **deadline):
    """POST the assign action with the given deadline fields."""
    return client.post(f"/api/v1/items/{item_id}/actions/assign", headers=auth("office"),
                       json={"unit_id": org.units["住建局"], "plan": "限期整改", **deadline})


def test_deadline_in_working_days(client, auth, org, new_item):
    # frozen on Friday 2026-11-27: 5 working days later is Friday 2026-12-04
    resp = _assign(client, auth, org, new_item(), deadline_working_days=5)
    assert resp.status_code == 200, resp.get_json()
    assert resp.get_json()["deadline"] == date(2026, 12, 4).isoformat()


@pytest.mark.parametrize("fields", [{}, {"deadline": "2026-12-31", "deadline_working_days": 3},
                                    {"deadline_working_days": 0},
                                    {"deadline_working_days": 366}])
def test_exactly_one_valid_deadline(client, auth, org, new_item, fields):
    resp = _assign(client, auth, org, new_item(), **fields)
    assert resp.status_code == 422
    assert resp.get_json()["error"]["code"] == "validation_failed"
