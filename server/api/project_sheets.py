"""The 民生实事台账 as a spreadsheet over HTTP: the office's import and the export.

Apart from server/api/projects.py so that each stays small; the same URL prefix. The
import is the office's (all or nothing, `422 import_failed` with the bad rows); the
export is anyone's who may read the list, in their scope, with the list's filters.
"""

from marshmallow import RAISE

from server.api.guard import auth_required, current_user
from server.api.parser import ZlBlueprint
from server.api.projects import READERS
from server.api.schemas.project_sheets import (
    ProjectExportQuery,
    ProjectImportOut,
    SheetUpload,
)
from server.api.schemas.projects import ProjectIn
from server.extensions import db
from server.reports import output, project_export
from server.services import project_sheets
from server.services.clock import local_today

blp = ZlBlueprint("project_sheets", __name__, url_prefix="/api/v1/projects",
                  description="民生实事台账导入导出")
_BINARY = {"schema": {"type": "string", "format": "binary"}}
_FILES = {"200": {"description": "民生实事台账 as XLSX or CSV (UTF-8 with BOM)",
                  "content": {output.XLSX: _BINARY, "text/csv": {"schema": {"type": "string"}}}}}


@blp.post("/import")
@auth_required("office")
@blp.arguments(SheetUpload, location="files")
@blp.response(201, ProjectImportOut)
def import_projects(files):
    """Create the projects of the office's XLSX or CSV sheet, all or none."""
    ids = project_sheets.import_projects(current_user(), files["file"], ProjectIn())
    db.session.commit()
    return {"imported": len(ids), "projects": ids}


@blp.get("/export")
@auth_required(*READERS)
@blp.arguments(ProjectExportQuery, location="query", unknown=RAISE)
@blp.doc(responses=_FILES)
def export_projects(args):
    """The projects in the caller's scope with the list's filters, as XLSX or CSV."""
    rows = project_sheets.export_rows(current_user(), args)
    name = f"民生实事项目_{local_today():%Y%m%d}.{args['format']}"
    if args["format"] == "csv":
        return output.csv(project_export.csv_chunks(rows), name)
    return output.xlsx(project_export.workbook(rows), name)
