"""难点问题纳入民生实事台账 over HTTP: an item becomes a project, linked both ways, once."""

from datetime import date, timedelta

import pytest

from server.extensions import db
from server.models import Category, Event, Item, Project
from tests.api.permission_table import World, deadline

P = "/api/v1/projects"


def escalation(**kw) -> dict:
    """A legal escalation body (the 东街 drainage the background text would list)."""
    return {"name": "东街排水管网改造", "batch": 2, "investment_total_wan": "320.5",
            "due": (date.today() + timedelta(days=240)).isoformat(), **kw}


@pytest.fixture
def world(client, auth, org):
    """The test organisation seen through the API."""
    return World(client, auth, org)


def _in_state(w: World, state: str) -> int:
    """An item brought to `state` through the API."""
    if state == "new":
        return w.new_item()
    if state == "rejected":
        item_id = w.new_item()
        w.ok("POST", f"/api/v1/items/{item_id}/actions/reject", "office", json={"reason": "不属实"})
        return item_id
    if state == "merged":
        gone, keep = w.new_item(), w.new_item()
        w.ok("POST", f"/api/v1/items/{gone}/actions/merge", "office", json={"into_item_id": keep})
        return gone
    if state == "assigned":
        return w.assigned()
    if state == "long_term":
        item_id = w.assigned()
        w.ok("POST", f"/api/v1/items/{item_id}/actions/long_term", "office",
             json={"note": "需纳入年度计划", "deadline": deadline(90)})
        return item_id
    item_id = w.rectified()
    if state == "closed":
        w.ok("POST", f"/api/v1/items/{item_id}/actions/verify", "supervisor",
             json=w.verify_body(item_id))
    return item_id


def _escalate(w: World, item_id: int, user="office", **kw):
    """POST the escalation of an item."""
    return w.call("POST", f"/api/v1/items/{item_id}/actions/escalate", user,
                  json=escalation(**kw))


@pytest.mark.parametrize("state", ["new", "assigned", "long_term", "rectified", "closed",
                                   "rejected", "merged"])
def test_the_office_escalates_from_assigned_or_long_term_only(world, org, state):
    item_id = _in_state(world, state)
    resp = _escalate(world, item_id, unit_id=org.units["住建局"])   # a new item has none
    after = world.detail(item_id)
    assert after["status"] == state   # the item's own state stays as it is
    if state not in ("assigned", "long_term"):
        assert resp.status_code == 409 and resp.get_json()["error"]["code"] == \
            "invalid_transition", resp.get_json()
        assert after["project_id"] is None and "escalate" not in \
            [e["action"] for e in after["events"]]
        assert world.ok("GET", P, "office")["total"] == 0
        return
    assert resp.status_code == 201, resp.get_json()
    assert resp.get_json()["item"]["id"] == item_id == resp.get_json()["item_id"]
    assert after["project_id"] == resp.get_json()["id"]


@pytest.mark.parametrize("user", ["cadre", "handler", "handler2", "supervisor", "admin"])
def test_only_the_office_escalates(world, user):
    item_id = _in_state(world, "assigned")
    resp = world.call("POST", f"/api/v1/items/{item_id}/actions/escalate", user, json={})
    assert resp.status_code == 403 and resp.get_json()["error"]["code"] == "forbidden"


def test_the_project_copies_the_item_and_both_link_to_each_other(world, app):
    photo = world.upload("cadre")
    report = world.report_mutation()
    report["payload"]["photos"] = [photo]
    (made,) = world.push("cadre", report)
    item_id = made["item_id"]
    world.ok("POST", f"/api/v1/items/{item_id}/actions/assign", "office", json={
        **world.assign_body(), "leader_led": True, "leader_name": "县长"})
    item = world.detail(item_id)
    resp = _escalate(world, item_id)
    assert resp.status_code == 201, resp.get_json()
    project = resp.get_json()
    assert (project["lat"], project["lon"], project["area_id"], project["township_id"]) == \
        (item["lat"], item["lon"], item["area_id"], item["township_id"])
    assert (project["category"], project["unit_id"], project["leader"], project["leader_led"]) \
        == ("infrastructure", item["unit_id"], "县长", True)
    assert (project["name"], project["batch"], project["investment_total_wan"]) == \
        ("东街排水管网改造", 2, 320.5)
    assert project["status"] == "planned" and len(project["milestones"]) == 6
    linked = world.ok("GET", f"{P}/{project['id']}", "handler")["item"]
    assert (linked["id"], linked["status"], linked["description"]) == \
        (item_id, "assigned", item["description"])
    assert [r["photos"] for r in linked["reports"]] == [[photo]]
    assert linked["reports"][0]["reporter_name"] == "cadre"
    assert {(p["sha256"], p["kind"]) for p in linked["photos"]} == {(photo, "before")}
    after = world.detail(item_id)
    assert after["project_id"] == project["id"]
    (event,) = [e for e in after["events"] if e["action"] == "escalate"]
    assert (event["from_state"], event["to_state"], event["actor_name"]) == \
        ("assigned", "assigned", "office")
    assert event["payload"]["project_id"] == project["id"]
    assert event["payload"]["name"] == "东街排水管网改造"
    with app.app_context():
        assert db.session.get(Project, project["id"]).item_id == item_id


def test_a_second_escalation_is_refused(world, app):
    item_id = _in_state(world, "long_term")
    first = _escalate(world, item_id).get_json()["id"]
    resp = _escalate(world, item_id, name="另一个项目")
    assert resp.status_code == 409
    assert resp.get_json()["error"]["code"] == "already_escalated"
    assert resp.get_json()["error"]["details"] == {"project_id": first}
    with app.app_context():
        assert db.session.query(Project).count() == 1
        assert db.session.query(Event).filter_by(item_id=item_id, action="escalate").count() == 1


def test_the_body_gives_what_the_item_cannot(world, org, app):
    item_id = _in_state(world, "assigned")
    cases = [({"name": None}, "name"), ({"name": "   "}, "name"), ({"batch": None}, "batch"),
             ({"due": None}, "due"), ({"investment_total_wan": "很多"}, "investment_total_wan"),
             ({"due": (date.today() - timedelta(days=1)).isoformat()}, "due"),
             ({"due": "2099-01-01"}, "due"), ({"unit_id": 999}, "unit_id"),
             ({"category": "space"}, "category"), ({"start": "2099-01-01"}, "start"),
             ({"investment_total_wan": 0, "milestones": "x"}, "milestones")]
    for changes, field in cases:
        body = {k: v for k, v in escalation(**changes).items() if v is not None}
        resp = world.call("POST", f"/api/v1/items/{item_id}/actions/escalate", "office",
                          json=body)
        assert resp.status_code == 422, (changes, resp.get_json())
        assert field in str(resp.get_json()["error"]["details"]), (changes, resp.get_json())
    with app.app_context():   # an item whose category is not one of the six aspects
        db.session.add(Category(code="lamps", name="路灯"))
        db.session.flush()
        db.session.get(Item, item_id).category = "lamps"
        db.session.commit()
    resp = _escalate(world, item_id)
    assert resp.status_code == 422 and "category" in resp.get_json()["error"]["details"][
        "fields"]
    resp = _escalate(world, item_id, category="health", unit_id=org.units["城管局"])
    assert resp.status_code == 201, resp.get_json()
    assert (resp.get_json()["category"], resp.get_json()["unit_id"]) == \
        ("health", org.units["城管局"])


def test_a_bad_body_is_refused_before_the_state(world, org):
    item_id = _in_state(world, "new")
    for changes in ({"due": "2001-01-01"}, {"unit_id": 999}, {"name": ""}):
        resp = _escalate(world, item_id, **{"unit_id": org.units["住建局"], **changes})
        assert resp.status_code == 422, (changes, resp.get_json())
    # a new item has no unit to default to: the body must name one (422, not the state)
    resp = _escalate(world, item_id)
    assert resp.status_code == 422 and list(resp.get_json()["error"]["details"]["fields"]) \
        == ["unit_id"]
    assert _escalate(world, 987654321).status_code == 404


def test_the_items_photos_are_reachable_through_the_project(world, org):
    photo = world.upload("cadre")
    report = world.report_mutation()
    report["payload"]["photos"] = [photo]
    (made,) = world.push("cadre", report)
    world.ok("POST", f"/api/v1/items/{made['item_id']}/actions/assign", "office",
             json=world.assign_body())
    url = f"/api/v1/photos/{photo}/display"
    assert world.call("GET", url, "handler2").status_code == 404   # 城管局: not its item
    project = _escalate(world, made["item_id"], unit_id=org.units["城管局"]).get_json()
    seen = world.ok("GET", f"{P}/{project['id']}", "handler2")["item"]
    assert seen["reports"][0]["photos"] == [photo]
    got = world.call("GET", url, "handler2")
    assert got.status_code == 200 and got.mimetype == "image/jpeg"
    assert world.call("GET", f"/api/v1/items/{made['item_id']}", "handler2").status_code == 404
    assert world.call("GET", url, "cadre2").status_code == 404   # still nobody else's


def test_an_escalated_project_closes_by_verification_and_the_item_keeps_its_own(world):
    item_id = _in_state(world, "assigned")
    pid = _escalate(world, item_id).get_json()["id"]
    item = world.detail(item_id)
    world.ok("POST", f"{P}/{pid}/progress", "handler", json={
        "text": "管网铺设完成", "percent": 100, "photos": [world.upload("handler")]})
    world.ok("PATCH", f"{P}/{pid}", "office", json={"status": "completed"})
    done = world.ok("POST", f"{P}/{pid}/actions/verify", "supervisor", json={
        "decision": "accept", "satisfaction": "satisfied", "lat": item["lat"],
        "lon": item["lon"], "photos": [world.upload("supervisor")]})
    assert done["status"] == "closed" and done["item"]["status"] == "assigned"
