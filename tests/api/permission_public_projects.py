"""Scenario builders of 民生实事 projects in public for test_permissions.py: the public list
and page (no token) and the project's 公示牌 (the office and admins)."""

from tests.api.permission_projects import project
from tests.api.permission_scenarios import Ctx, S, code_is, query_bad, status_is

P = "/api/v1/projects"


def listed(w, user):
    """The public list holds a new (planned) project."""
    pid = project(w)
    return Ctx(check=lambda w, r: pid in [p["id"] for p in status_is(200)(w, r)["projects"]])


def page(w, user):
    """A public project's page."""
    pid = project(w)
    return Ctx({"project_id": pid}, check=status_is(200, id=pid))


def placard_legal(w, user):
    """The 公示牌 page of a public project."""
    pid = project(w)

    def check(w, resp):
        assert resp.status_code == 200 and resp.mimetype == "text/html", resp.status_code
        assert f"项目 #{pid}" in resp.get_data(as_text=True)
    return Ctx({"project_id": pid}, check=check)


def placard_withheld(w, user):
    """A project the office withheld (不公开) has no 公示牌: 409 not_public."""
    pid = project(w)
    w.ok("PATCH", f"{P}/{pid}", "office", json={"public": False})
    return Ctx({"project_id": pid}, check=lambda w, r: code_is(r, 409, "not_public"))


SCENARIOS = {
    "GET /api/v1/public/projects": S(listed, query_bad({"bogus": "1"}, {"per_page": "51"},
                                                       {"status": "lost"})),
    "GET /api/v1/public/projects/{project_id}": S(page),
    "GET /api/v1/projects/{project_id}/placard": S(
        placard_legal, query_bad({"format": "docx"}, {"bogus": "1"}), illegal=placard_withheld),
}
