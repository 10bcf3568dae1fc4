"""Scenario builders for test_permissions.py: the 民生实事台账's import and export (#17).

Kept apart from permission_projects.py so each slice's scenarios stay in a file of their
own. The uploads are multipart bodies as bytes, so the same request can be sent by every
refused user in turn and still carry its file.
"""

import csv
import io

from tests.api.permission_projects import project
from tests.api.permission_scenarios import Ctx, S, query_bad, status_is
from tests.api.project_sheet_data import HEAD, csv_bytes, multipart, one_project_csv


def imported(w, user):
    """A sheet of one project, created; the list then holds it."""
    name = "导入的城墙口游园"

    def check(w, resp):
        body = status_is(201, imported=1)(w, resp)
        got = w.ok("GET", f"/api/v1/projects/{body['projects'][0]}", "office")
        assert got["name"] == name and len(got["milestones"]) == 6
    return Ctx(kw=multipart(one_project_csv(name), "sheet.csv"), check=check)


def import_bad(w, ctx):
    """Refused uploads: no file field, not a sheet, a column missing, a bad row."""
    missing = csv_bytes([[h for h in HEAD if h != "计划完成"], [1]])
    bad_row = one_project_csv().replace("住建局".encode(), "水利局".encode())
    return [multipart(one_project_csv(), field="sheet"), multipart(b"PK\x03\x04garbage"),
            multipart(missing, "a.csv"), multipart(bad_row, "b.csv")]


def exported(w, user):
    """The CSV holds exactly the projects the user may see."""
    if not hasattr(w, "sheet_projects"):
        w.sheet_projects = (project(w), project(w, "城管局"))
    a, b = w.sheet_projects
    names = {pid: w.ok("GET", f"/api/v1/projects/{pid}", "office")["name"] for pid in (a, b)}
    expected = {"handler": [names[a]], "handler2": [names[b]]}.get(user, [names[a], names[b]])

    def check(w, resp):
        assert resp.status_code == 200 and resp.mimetype == "text/csv"
        rows = list(csv.reader(io.StringIO(resp.get_data().decode("utf-8-sig"))))
        assert [r[2] for r in rows[1:]] == expected
    return Ctx(kw={"query_string": {"format": "csv"}}, check=check)


SCENARIOS = {
    "POST /api/v1/projects/import": S(imported, import_bad),
    "GET /api/v1/projects/export": S(exported, query_bad({}, {"format": "pdf"},
                                                         {"format": "csv", "bogus": "1"})),
}
