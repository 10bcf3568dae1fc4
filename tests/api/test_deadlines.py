"""Deadlines over HTTP: between today and five years on, for every action that sets one.

A deadline of 0001-01-01 once went through `long_term` and the export then counted half a
million overdue working days; each refusal here is a 422 that changes nothing.
"""

from datetime import date, timedelta

import pytest

from server.services.clock import local_today
from sync.workflow import Rules


@pytest.fixture
def today(app):
    """The deployment's local date, against which deadlines are checked."""
    with app.app_context():
        return local_today()


def _horizon(today: date) -> date:
    """The furthest deadline the ledger accepts."""
    return today + timedelta(days=Rules(today=today).deadline_horizon_days)


def _bad_dates(today: date) -> list[date]:
    """Deadlines no action may set."""
    return [today - timedelta(days=1), date(1, 1, 1), _horizon(today) + timedelta(days=1),
            date(9999, 12, 31)]


def _post(client, auth, who, path, body):
    """POST a JSON body as `who`."""
    return client.post(f"/api/v1/items/{path}", json=body, headers=auth(who))


def _assign_body(org, deadline: date) -> dict:
    """An 交办 body with the given deadline."""
    return {"unit_id": org.units["住建局"], "deadline": deadline.isoformat(), "plan": "限期整改"}


def _assert_refused(resp) -> None:
    """A 422 validation_failed naming the deadline."""
    assert resp.status_code == 422, resp.get_json()
    err = resp.get_json()["error"]
    assert err["code"] == "validation_failed" and err["message"]
    assert list(err["details"]["fields"]) == ["deadline"]


def test_assign_refuses_deadlines_outside_the_horizon(client, auth, org, new_item, today):
    item_id = new_item()
    before = client.get(f"/api/v1/items/{item_id}", headers=auth("office")).get_json()
    for bad in _bad_dates(today):
        _assert_refused(_post(client, auth, "office", f"{item_id}/actions/assign",
                              _assign_body(org, bad)))
    assert client.get(f"/api/v1/items/{item_id}", headers=auth("office")).get_json() == before
    ok = _post(client, auth, "office", f"{item_id}/actions/assign",
               _assign_body(org, _horizon(today)))
    assert ok.status_code == 200 and ok.get_json()["deadline"] == _horizon(today).isoformat()


def test_long_term_refuses_deadlines_outside_the_horizon(client, auth, org, new_item, today):
    item_id = new_item()
    assert _post(client, auth, "office", f"{item_id}/actions/assign",
                 _assign_body(org, today + timedelta(days=5))).status_code == 200
    before = client.get(f"/api/v1/items/{item_id}", headers=auth("office")).get_json()
    for who in ("handler", "office"):
        for bad in _bad_dates(today):
            _assert_refused(_post(client, auth, who, f"{item_id}/actions/long_term",
                                  {"note": "需纳入年度改造计划", "deadline": bad.isoformat()}))
    after = client.get(f"/api/v1/items/{item_id}", headers=auth("office")).get_json()
    assert after == before and after["status"] == "assigned"
    ok = _post(client, auth, "handler", f"{item_id}/actions/long_term",
               {"note": "需纳入年度改造计划", "deadline": _horizon(today).isoformat()})
    assert ok.status_code == 200 and ok.get_json()["deadline"] == _horizon(today).isoformat()


def test_bulk_assign_with_a_bad_deadline_is_refused_whole(client, auth, org, new_item, today):
    ids = [new_item(f"路灯不亮 第{i}处") for i in range(3)]
    for bad in _bad_dates(today):
        _assert_refused(_post(client, auth, "office", "bulk/assign",
                              {"item_ids": ids, **_assign_body(org, bad)}))
    page = client.get("/api/v1/items?status=new", headers=auth("office")).get_json()
    assert page["total"] == 3 and all(i["deadline"] is None for i in page["items"])
