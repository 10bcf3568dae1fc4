"""周通报, 月督导, 季排名, the 丈量 report, 评价考核, 月度进展 of the 民生实事 projects and the
ledger export over HTTP, for office, supervisor and admin.

Query parameters are parsed with `unknown=RAISE`: webargs otherwise drops unknown
ones, and a misspelt filter must not silently export the whole ledger.
"""

from marshmallow import RAISE

from server.api.guard import auth_required, current_user
from server.api.parser import ZlBlueprint
from server.api.schemas.cadres import CadresOut, CadresQuery
from server.api.schemas.duty_report import DutyOut, DutyQuery
from server.api.schemas.project_reports import ProjectsOut, ProjectsQuery
from server.api.schemas.reports import (
    ExportQuery,
    MonthlyOut,
    MonthlyQuery,
    QuarterQuery,
    RankingOut,
    WeeklyOut,
    WeeklyQuery,
)
from server.reports import export, output, projects_workbook, workbook
from server.reports.cadres import PERIOD_KINDS, cadres_report
from server.reports.duty import duty_report
from server.reports.monthly import monthly_report
from server.reports.periods import parse_period
from server.reports.projects import projects_report
from server.reports.ranking import ranking_report
from server.reports.weekly import weekly_report
from server.services.clock import local_today

blp = ZlBlueprint("reports", __name__, url_prefix="/api/v1",
                description="周通报、月督导、季排名、月度进展与台账导出")
READERS = ("office", "supervisor", "admin")
_BINARY = {"schema": {"type": "string", "format": "binary"}}
_FILES = {"200": {"description": "整改台账 as XLSX or CSV (UTF-8 with BOM)",
                  "content": {output.XLSX: _BINARY, "text/csv": {"schema": {"type": "string"}}}}}


def _formats(schema) -> dict:
    """The 200 answer of a report in its three formats, for the OpenAPI document."""
    return {"200": {
        "description": "JSON by default; format=html: the printable A4 page; "
                       "format=xlsx: a workbook",
        "content": {"application/json": {"schema": schema},
                    "text/html": {"schema": {"type": "string"}}, output.XLSX: _BINARY}}}


@blp.get("/reports/weekly")
@auth_required(*READERS)
@blp.arguments(WeeklyQuery, location="query", as_kwargs=False, unknown=RAISE)
@blp.response(200, WeeklyOut)
@blp.doc(responses=_formats(WeeklyOut))
def weekly(args):
    """周通报 of an ISO week, per unit and per township, with the overdue list."""
    report = weekly_report(current_user(), parse_period("week", args["week"]))
    return output.respond(report, args["format"], "weekly", workbook.weekly_workbook,
                          f"周通报_{report['period']}.xlsx")


@blp.get("/reports/monthly")
@auth_required(*READERS)
@blp.arguments(MonthlyQuery, location="query", as_kwargs=False, unknown=RAISE)
@blp.response(200, MonthlyOut)
@blp.doc(responses=_formats(MonthlyOut))
def monthly(args):
    """月督导: overdue, returned twice or more, leader-led and flagged items of a month."""
    report = monthly_report(current_user(), parse_period("month", args["month"]))
    return output.respond(report, args["format"], "monthly", workbook.monthly_workbook,
                          f"月督导_{report['period']}.xlsx")


@blp.get("/reports/ranking")
@auth_required(*READERS)
@blp.arguments(QuarterQuery, location="query", as_kwargs=False, unknown=RAISE)
@blp.response(200, RankingOut)
@blp.doc(responses=_formats(RankingOut))
def ranking(args):
    """季排名 of units, with the formula and every number behind each score."""
    report = ranking_report(current_user(), parse_period("quarter", args["quarter"]))
    return output.respond(report, args["format"], "ranking", workbook.ranking_workbook,
                          f"季排名_{report['period']}.xlsx")


@blp.get("/reports/duty")
@auth_required(*READERS)
@blp.arguments(DutyQuery, location="query", as_kwargs=False, unknown=RAISE)
@blp.response(200, DutyOut)
@blp.doc(responses=_formats(DutyOut))
def duty(args):
    """丈量 report of a week or a month: cadres out on the duty days, areas covered."""
    kind = "week" if "week" in args else "month"
    report = duty_report(current_user(), parse_period(kind, args[kind]))
    return output.respond(report, args["format"], "duty", workbook.duty_workbook,
                          f"丈量情况_{report['period']}.xlsx")


@blp.get("/reports/cadres")
@auth_required(*READERS)
@blp.arguments(CadresQuery, location="query", as_kwargs=False, unknown=RAISE)
@blp.response(200, CadresOut)
@blp.doc(responses=_formats(CadresOut))
def cadres(args):
    """评价考核 per cadre, township and unit of a month, two months, quarter, half or year."""
    kind = next(k for k in PERIOD_KINDS if k in args)
    report = cadres_report(current_user(), parse_period(kind, args[kind]))
    return output.respond(report, args["format"], "cadres", workbook.cadres_workbook,
                          f"干部评价_{report['period']}.xlsx")


@blp.get("/reports/projects")
@auth_required(*READERS)
@blp.arguments(ProjectsQuery, location="query", as_kwargs=False, unknown=RAISE)
@blp.response(200, ProjectsOut)
@blp.doc(responses=_formats(ProjectsOut))
def projects_progress(args):
    """月度进展 of the 民生实事 projects: investment, statuses, updates, late milestones."""
    report = projects_report(current_user(), parse_period("month", args["month"]))
    return output.respond(report, args["format"], "projects", projects_workbook.workbook,
                          f"民生实事月度进展_{report['period']}.xlsx")


@blp.get("/items/export")
@auth_required(*READERS)
@blp.arguments(ExportQuery, location="query", as_kwargs=False, unknown=RAISE)
@blp.doc(responses=_FILES)
def export_items(filters):
    """The ledger with the list's filters, as a streamed XLSX or CSV file."""
    rows = export.ledger_rows(current_user(), filters)
    name = f"整改台账_{local_today():%Y%m%d}.{filters['format']}"
    if filters["format"] == "csv":
        return output.csv(export.csv_chunks(rows), name)
    return output.xlsx(export.xlsx_file(rows), name)


@blp.get("/reports/print.css")
@blp.doc(responses={"200": {"description": "the stylesheet",
                            "content": {"text/css": {"schema": {"type": "string"}}}}})
def print_css():
    """The A4 print stylesheet alone (the pages inline it; no login: it holds no data)."""
    return output.stylesheet()
