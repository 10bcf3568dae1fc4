"""The 民生实事台账 in and out of spreadsheets: the office's import and the export.

The import is all or nothing. Each row of the sheet (sync/project_rows.py reads it) goes
through the same path as a project typed in the console: the create schema the API
passes in, then services.projects.create with its rules (investment above the total
needs a reason, start not after due, milestones planned backwards when none are given).
Every row is tried so the office sees all its errors at once; if any row fails,
nothing is kept and the answer lists them by the sheet's own row and column. The export
writes the same layout, so a sheet exported and imported again gives the same projects.
"""

from marshmallow import Schema, ValidationError, validate
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from server.errors import CATALOGUE, ApiError
from server.extensions import db
from server.models import Area, Category, Project, Unit, User
from server.services import projects, sheet_reader
from sync import project_rows as layout
from sync.errors import DomainError
from sync.project_cells import squeeze

MAX_ROWS = 5000    # projects in one import (the county's ledger has 218)
MAX_ERRORS = 200   # row errors listed in one answer (the total is given too)
# What create's refusals mean on a row, by the field they name.
_REFUSED = {"start": "计划开工晚于计划完成，请核对日期",
            "unit_id": "该责任单位已停用，请核对", "category": "该类别已停用，请核对",
            "area_id": "该区域不存在，请核对"}
OVER_BUDGET = "已完成投资超过总投资，请在“超支原因”列说明原因"


def references() -> tuple[list[Unit], list[Category], list[Area]]:
    """Every unit, category and area, loaded once for an import: the rows' names are
    resolved against them, and create's checks of each row then find them in the session
    instead of asking the database again (it keeps only objects someone holds on to)."""
    return (list(db.session.scalars(select(Unit))),
            list(db.session.scalars(select(Category).order_by(Category.position,
                                                              Category.code))),
            list(db.session.scalars(select(Area))))


def lookups(units: list[Unit], cats: list[Category], areas: list[Area]) -> layout.Lookups:
    """The names an office writes for active units and categories and for areas, squeezed,
    to ids; a name two areas share stands for neither."""
    cats = [c for c in cats if c.active]
    categories = {**{squeeze(c.code): c.code for c in cats},
                  **{squeeze(c.name): c.code for c in cats}}
    towns = {a.id: a.name for a in areas}
    named: dict[str, int | None] = {}
    for area in areas:
        for key in {squeeze(area.name),
                    squeeze(layout.place_text(area.name, towns.get(area.township_id)))}:
            named[key] = None if named.get(key, area.id) != area.id else area.id
    return layout.Lookups({squeeze(u.name): u.id for u in units if u.active}, categories,
                          named, tuple(c.name for c in cats))


def import_projects(user: User, upload, schema: Schema) -> list[int]:
    """Create the projects of an uploaded sheet, all or none; their ids in sheet order."""
    rows = sheet_reader.read_rows(sheet_reader.read_upload(upload), MAX_ROWS,
                                  layout.HEADER_SCAN)
    if not rows:
        raise ApiError("bad_sheet", {"reason": "empty_sheet"},
                       "表格是空的，请在第一个工作表中填写项目")
    try:
        header = layout.find_header(rows)
    except DomainError as exc:
        raise ApiError(exc.code, exc.details, exc.message) from None
    data = [(n, r) for n, r in rows if n > header.row and not layout.is_summary(r)]
    if not data:
        raise ApiError("bad_sheet", {"reason": "no_rows"}, "表头下方没有项目，请逐行填写后再导入")
    if len(data) > MAX_ROWS:
        raise sheet_reader.too_many(MAX_ROWS)
    held = references()  # held to the end: create finds them in the session
    found = lookups(*held)
    readers = layout.readers_for(found)
    ids: list[int] = []
    errors: list[dict] = []
    for number, row in data:
        body, bad = layout.parse_row(number, row, header, found, readers)
        if not bad:
            bad = [layout.error(number, header.column(layout.FIELD_COLUMN.get(f, "name")), c, m)
                   for f, c, m in _create(user, body, schema, ids)]
        errors += bad
    if errors:
        db.session.rollback()
        raise ApiError("import_failed", {"rows": errors[:MAX_ERRORS], "total": len(errors)})
    return ids


def _create(user: User, body: dict, schema: Schema, ids: list[int]) -> list[tuple]:
    """Check one row's body with the create schema and create the project (its id goes
    to `ids`); the refusals as (body field, code, message)."""
    try:
        data = schema.load(body)
    except ValidationError as exc:
        return [(f, "invalid", _explain(schema.fields.get(f), m))
                for f, m in exc.normalized_messages().items()]
    try:
        ids.append(projects.create(user, data).id)
    except DomainError as exc:
        if exc.code == "over_budget":
            return [("investment_done_wan", "over_budget", OVER_BUDGET)]
        field = next(iter(exc.details.get("fields") or {"name": ()}))
        message = _REFUSED.get(field) or CATALOGUE.get(exc.code, (0, exc.message))[1]
        return [(field, exc.code, message)]
    return []


def _explain(field, messages) -> str:
    """A schema's refusal of a field in words for the office, from the field's limits."""
    if field is None:
        return "内容不符合要求"
    nested = getattr(getattr(field, "inner", None), "schema", None)
    if nested is not None and isinstance(messages, dict):
        i, inner = next(iter(messages.items()))
        if isinstance(i, int) and isinstance(inner, dict):
            name, why = next(iter(inner.items()))
            return f"第{i + 1}个节点：" + _explain(nested.fields.get(name), why)
    for check in field.validators:
        if isinstance(check, validate.Length) and check.max is not None:
            return f"不能超过{check.max}{'个' if nested is not None else '字'}"
        if isinstance(check, validate.Range):
            return f"应在{check.min}到{check.max}之间"
    if "maximum" in field.metadata:
        return f"应在{field.metadata['minimum']}到{field.metadata['maximum']}之间"
    return "内容不符合要求"


def export_rows(user: User, filters: dict) -> list[list]:
    """The projects in the user's scope matching the list's filters, as sheet rows in the
    list's order (batch, then id)."""
    found = db.session.execute(
        select(Project).where(*projects.filter_conditions(user, filters))
        .order_by(Project.batch, Project.id).options(selectinload(Project.milestones))
    ).scalars().all()
    units = dict(db.session.execute(select(Unit.id, Unit.name)).all())
    cats = dict(db.session.execute(select(Category.code, Category.name)).all())
    areas = dict(db.session.execute(select(Area.id, Area.name)).all())
    return [layout.export_row({
        "seq": n, "batch": p.batch, "name": p.name, "category": cats.get(p.category, p.category),
        "unit": units.get(p.unit_id), "leader": p.leader, "leader_led": p.leader_led,
        "total": p.investment_total_wan, "done": p.investment_done_wan, "start": p.start,
        "due": p.due, "milestones": [(m.name, m.due, m.done_on) for m in p.milestones],
        "area": layout.place_text(areas.get(p.area_id), areas.get(p.township_id)),
        "status": p.status, "percent": p.percent, "reason": p.over_budget_reason,
    }) for n, p in enumerate(found, 1)]
