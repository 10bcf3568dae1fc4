"""Schemas of the 民生实事台账's import and export: the uploaded file, the import's answer
and the export's query (the project list's filters, without paging, plus the format)."""

from flask_smorest.fields import Upload
from marshmallow import Schema, fields, validate

from server.api.schemas.projects import ProjectFilter


class SheetUpload(Schema):
    """The office's sheet, as the `file` field of a multipart form."""

    file = Upload(required=True, metadata={
        "description": "XLSX, or CSV in UTF-8 (BOM or not) or GB18030; at most 5 MB"})


class ProjectImportOut(Schema):
    """How many projects the sheet created, and their ids in the sheet's order."""

    imported = fields.Integer()
    projects = fields.List(fields.Integer())


class ProjectExportQuery(ProjectFilter):
    """The list's filters and the file format."""

    class Meta:
        """Unknown filters are an error; paging makes no sense for an export."""

        unknown = "raise"
        exclude = ("page", "per_page")

    format = fields.String(required=True, validate=validate.OneOf(("xlsx", "csv")))
