"""Scenario builders of the 民生实事 project operations for test_permissions.py.

Kept apart from permission_scenarios.py so each file stays readable; the builders make
projects through the real API (as the office) and say what a correct answer holds.
"""

from datetime import date, timedelta

from tests.api.permission_scenarios import Ctx, S, code_is, query_bad, status_is

P = "/api/v1/projects"
INVALID = {
    "projects": [{"name": "西关桥", "category": "infrastructure"},
                 {"name": 5, "unit_id": "一", "investment_total_wan": "很多", "due": "明年"}],
    "project": [{"status": "closed"}, {"percent": "一半", "due": 3}],
    "progress": [{"percent": 50}, {"text": ["进展"], "percent": 101, "photos": "x"}],
}


def _bad(key):
    """Refused JSON bodies of a project operation."""
    return lambda w, ctx: [{"json": b} for b in INVALID[key] + [["not", "an", "object"]]]


def new_body(w, unit="住建局") -> dict:
    """A legal new project of `unit`."""
    return {"name": f"{unit}民生实事项目", "category": "infrastructure",
            "unit_id": w.org.units[unit], "investment_total_wan": 760,
            "due": (date.today() + timedelta(days=300)).isoformat()}


def project(w, unit="住建局") -> int:
    """A project of `unit`, created by the office."""
    return w.ok("POST", P, "office", json=new_body(w, unit))["id"]


def _unit(user) -> str:
    """The unit whose projects `user` works on (handler2: 城管局)."""
    return "城管局" if user == "handler2" else "住建局"


def listed(w, user):
    """The list holds exactly the projects the user may see."""
    if not hasattr(w, "projects"):
        w.projects = (project(w), project(w, "城管局"))
    a, b = w.projects
    expected = {"handler": {a}, "handler2": {b}}.get(user, {a, b})

    def check(w, resp):
        assert resp.status_code == 200, resp.get_json()
        assert {p["id"] for p in resp.get_json()["projects"]} == expected
    return Ctx(check=check)


def read(w, user):
    """One project of the user's unit (or any, for the readers)."""
    pid = project(w, _unit(user))
    return Ctx({"project_id": pid}, check=status_is(200, id=pid))


def created(w, user):
    """A new project with its milestones planned."""
    def check(w, resp):
        body = status_is(201, status="planned")(w, resp)
        assert len(body["milestones"]) == 6
    return Ctx(kw={"json": new_body(w)}, check=check)


def edited(w, user):
    """The office starts a planned project."""
    return Ctx({"project_id": project(w)}, {"json": {"status": "in_progress"}},
               status_is(200, status="in_progress"))


def edit_illegal(w, user):
    """A planned project cannot jump to completed: 409."""
    return Ctx({"project_id": project(w)}, {"json": {"status": "completed"}},
               lambda w, r: code_is(r, 409, "invalid_transition"))


def progressed(w, user):
    """Progress on a project of the user's unit starts it."""
    return Ctx({"project_id": project(w, _unit(user))},
               {"json": {"text": "已开工", "percent": 10, "investment_done_wan": 50}},
               status_is(201, status="in_progress", percent=10))


def progress_illegal(w, user):
    """A percent lower than the last one reported: 409 percent_decreased."""
    pid = project(w, _unit(user))
    w.ok("POST", f"{P}/{pid}/progress", "office", json={"text": "过半", "percent": 60})
    return Ctx({"project_id": pid}, {"json": {"text": "回退", "percent": 40}},
               lambda w, r: code_is(r, 409, "percent_decreased"))


def planned(w, user):
    """The milestone plan back from a completion date."""
    def check(w, resp):
        body = status_is(200)(w, resp)
        assert body["milestones"][-1]["due"] == "2027-06-30"
    return Ctx(kw={"query_string": {"due": "2027-06-30"}}, check=check)


def _other_units(w):
    """A handler asking about the other unit's project."""
    return [("handler2", {"project_id": project(w)})]


SCENARIOS = {
    "GET /api/v1/projects": S(listed, query_bad({"status": "lost"}, {"bogus": "1"},
                                                {"per_page": "201"})),
    "POST /api/v1/projects": S(created, _bad("projects")),
    "GET /api/v1/projects/milestones/plan": S(planned, query_bad({}, {"due": "2027-02-30"})),
    "GET /api/v1/projects/{project_id}": S(read, outside=_other_units),
    "PATCH /api/v1/projects/{project_id}": S(edited, _bad("project"), illegal=edit_illegal),
    "POST /api/v1/projects/{project_id}/progress": S(progressed, _bad("progress"),
                                                     _other_units, progress_illegal),
}
