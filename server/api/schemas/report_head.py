"""What every report's schemas share: the period and format parameters and the head
of every report (its period, title and the definitions of its terms)."""

from marshmallow import Schema, fields, validate

FORMATS = ("json", "html", "xlsx")


def period(name: str, example: str):
    """A period key; its form is checked by the report code (code `bad_period`)."""
    return fields.String(required=True, validate=validate.Length(max=20),
                         metadata={"description": f"{name}, e.g. {example}"})


def format_field():
    """json (default), html (printable A4 page) or xlsx (workbook)."""
    return fields.String(load_default="json", validate=validate.OneOf(FORMATS))


class ReportDefinition(Schema):
    """A term of the bulletin and how it is counted."""

    term = fields.String()
    text = fields.String()


class ReportHead(Schema):
    """What every report says about its period."""

    kind = fields.String()
    period = fields.String()
    title = fields.String()
    heading = fields.String()
    span = fields.String(metadata={"description": "the dates in words, e.g. 11月23日至29日"})
    start = fields.Date()
    end = fields.Date()
    asof = fields.Date(metadata={"description": "stock figures are counted at the end of it"})
    complete = fields.Boolean(metadata={"description": "false while the period is running"})
    definitions = fields.List(fields.Nested(ReportDefinition))


class RankDefinition(ReportDefinition):
    """A figure of the ranking: the field it names, its name, what it is and its formula."""

    key = fields.String(metadata={"description": "the field of a ranking row it defines"})
    formula = fields.String(allow_none=True, metadata={"description": "null for a count"})
