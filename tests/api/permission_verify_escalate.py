"""Scenario builders for test_permissions.py: the 验收 of a 民生实事 project and the
escalation of an item into one (issue 17).

Kept apart from permission_projects.py so that each slice's scenarios stay in a file of
their own; the builders make their states through the real API and say what a correct
answer holds.
"""

from datetime import date, timedelta

from tests.api.permission_projects import project
from tests.api.permission_scenarios import Ctx, S, code_is, json_bad, status_is

P = "/api/v1/projects"
SITE = {"lat": 34.39, "lon": 113.74}
ESCALATE_BAD = [{"batch": 1, "investment_total_wan": 10, "due": "2030-01-01"},
                {"name": 5, "batch": "一", "investment_total_wan": "很多", "due": "明年"},
                ["not", "an", "object"]]


def completed(w) -> int:
    """A project of 住建局 at SITE, completed, with a progress photo to close on."""
    pid = project(w)
    w.ok("PATCH", f"{P}/{pid}", "office", json=SITE)
    w.ok("POST", f"{P}/{pid}/progress", "handler", json={
        "text": "竣工", "percent": 100, "photos": [w.upload("handler")]})
    w.ok("PATCH", f"{P}/{pid}", "office", json={"status": "completed"})
    return pid


def verify_body(w, user) -> dict:
    """An on-site, accepting 验收 with the residents satisfied."""
    return {"decision": "accept", "satisfaction": "satisfied", "photos": [w.upload(user)],
            **SITE, "accuracy_m": 5.0}


def verified(w, user):
    """A completed project closes (销号)."""
    return Ctx({"project_id": completed(w)}, {"json": verify_body(w, user)},
               status_is(200, status="closed"))


def verify_planned(w, user):
    """A planned project cannot be verified: 409 invalid_transition."""
    return Ctx({"project_id": project(w)}, {"json": verify_body(w, user)},
               lambda w, r: code_is(r, 409, "invalid_transition"))


def escalation() -> dict:
    """A legal escalation body."""
    return {"name": "东街排水管网改造", "batch": 2, "investment_total_wan": 320,
            "due": (date.today() + timedelta(days=240)).isoformat()}


def escalated(w, user):
    """An assigned item becomes a project linked to it."""
    item_id = w.assigned()

    def check(w, resp):
        body = status_is(201, item_id=item_id, status="planned")(w, resp)
        assert body["item"]["id"] == item_id
        assert w.detail(item_id)["project_id"] == body["id"]
    return Ctx({"item_id": item_id}, {"json": escalation()}, check)


def escalate_again(w, user):
    """An item already escalated: 409 already_escalated."""
    item_id = w.assigned()
    w.ok("POST", f"/api/v1/items/{item_id}/actions/escalate", "office", json=escalation())
    return Ctx({"item_id": item_id}, {"json": escalation()},
               lambda w, r: code_is(r, 409, "already_escalated"))


SCENARIOS = {
    "POST /api/v1/projects/{project_id}/actions/verify": S(
        verified, json_bad("verify"), illegal=verify_planned),
    "POST /api/v1/items/{item_id}/actions/escalate": S(
        escalated, lambda w, ctx: [{"json": b} for b in ESCALATE_BAD],
        illegal=escalate_again),
}
