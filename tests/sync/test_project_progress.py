"""The `project.progress` mutation: offline, idempotent, and waiting for its photos."""

import uuid
from datetime import date, timedelta

from tests.factories import jpeg_bytes, now_iso, sha

P = "/api/v1/projects"


def _project(client, auth, org, unit="住建局"):
    """A project of `unit`, created by the office; its id."""
    resp = client.post(P, headers=auth("office"), json={
        "name": "市公立中医院", "category": "health", "unit_id": org.units[unit],
        "investment_total_wan": "40575.06",
        "due": (date.today() + timedelta(days=200)).isoformat()})
    assert resp.status_code == 201, resp.get_json()
    return resp.get_json()["id"]


def _mutation(project_id, **payload):
    """A project.progress as the phone records it."""
    return {"id": uuid.uuid4().hex, "type": "project.progress", "at": now_iso(),
            "payload": {"project_id": project_id, "text": "医疗综合楼主体封顶", "photos": [],
                        **payload}}


def _detail(client, auth, project_id):
    """The project as the office sees it."""
    return client.get(f"{P}/{project_id}", headers=auth("office")).get_json()


def test_progress_is_applied_once_however_often_it_is_pushed(client, auth, org, push):
    pid = _project(client, auth, org)
    m = _mutation(pid, percent=45, investment_done_wan=18000.5, lat=34.39, lon=113.74,
                  accuracy_m=8.0)
    (first,) = push([m], user="handler")
    assert first["status"] == "applied" and first["project_id"] == pid, first
    assert first["percent"] == 45 and first["investment_done_wan"] == 18000.5
    again = push([m, m], user="handler")
    assert [r["status"] for r in again] == ["duplicate", "duplicate"]
    got = _detail(client, auth, pid)
    assert (got["status"], got["percent"], len(got["progress"])) == ("in_progress", 45, 1)
    assert got["progress"][0]["lat"] == 34.39


def test_progress_waits_for_its_photos(client, auth, org, push, upload):
    pid = _project(client, auth, org)
    data = jpeg_bytes(321, (96, 64))
    m = _mutation(pid, percent=10, photos=[sha(data)])
    (waiting,) = push([m], user="handler")
    assert waiting == {"id": m["id"], "status": "needs_photos", "missing": [sha(data)]}
    assert _detail(client, auth, pid)["progress"] == []
    upload(data, user="handler")
    (applied,) = push([m], user="handler")
    assert applied["status"] == "applied", applied
    assert _detail(client, auth, pid)["progress"][0]["photos"] == [sha(data)]


def test_refusals_are_stored_and_answered_the_same_way(client, auth, org, push):
    pid = _project(client, auth, org)
    assert push([_mutation(pid, percent=50)], user="handler")[0]["status"] == "applied"
    cases = [("handler", _mutation(pid, percent=30), "percent_decreased"),
             ("handler", _mutation(pid, investment_done_wan=50000), "over_budget"),
             ("handler2", _mutation(pid, percent=60), "not_found"),   # another unit's
             ("cadre", _mutation(pid, percent=60), "not_found"),
             ("handler", _mutation(pid, percent=101), "validation_failed"),
             ("handler", _mutation(pid, text=""), "validation_failed"),
             ("handler", _mutation(987654, percent=60), "not_found")]
    for user, m, code in cases:
        for _ in range(2):
            (r,) = push([m], user=user)
            assert r["status"] in ("rejected", "duplicate") and r.get("error", {}).get(
                "code") == code, (user, code, r)
    got = _detail(client, auth, pid)
    assert (got["percent"], len(got["progress"])) == (50, 1)


def test_one_bad_progress_does_not_block_the_batch(client, auth, org, push):
    pid = _project(client, auth, org)
    results = push([_mutation(pid, percent=101), _mutation(pid, percent=20),
                    _mutation(pid, percent=25)], user="handler")
    assert [r["status"] for r in results] == ["rejected", "applied", "applied"]
    assert _detail(client, auth, pid)["percent"] == 25
