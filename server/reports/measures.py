"""Counting items and verify events per group in one pass of the database each.

A report names its measures (condition builders over a `Window`) and the columns to
group by; this module turns them into one `SELECT ... GROUP BY` over items and one
over verify events joined to their items, and rolls the groups up in Python (a few
hundred rows at most: units × townships).
"""

from collections.abc import Callable

from sqlalchemy import and_, or_, select

from server.extensions import db
from server.models import Area, Event, Item, Unit
from server.reports import sql
from server.reports.periods import Window

Measures = dict[str, Callable[[Window], object]]

EVENT_MEASURES: Measures = {
    "verified": lambda w: sql.verifications(w),
    "returned": lambda w: and_(sql.verifications(w), sql.RETURNED),
    "unsatisfied": lambda w: and_(sql.verifications(w), sql.UNSATISFIED),
    "rechecked": sql.rechecks,
    "rebounds": sql.rebounds,
}


def item_counts(w: Window, scope, measures: Measures, group_by: tuple,
                prefilter=None) -> dict[tuple, dict[str, int]]:
    """group key -> {measure: count} over the items in scope."""
    cols = [sql.count_if(build(w)).label(name) for name, build in measures.items()]
    where = prefilter if prefilter is not None else sql.relevant(w)
    stmt = select(*group_by, *cols).where(scope, where).group_by(*group_by)
    return _collect(db.session.execute(stmt), len(group_by), list(measures))


def event_counts(w: Window, scope, group_by: tuple) -> dict[tuple, dict[str, int]]:
    """group key -> verify and re-check event counts in the period, by item columns."""
    cols = [sql.count_if(build(w)).label(name) for name, build in EVENT_MEASURES.items()]
    stmt = (select(*group_by, *cols).select_from(Event).join(Item, Item.id == Event.item_id)
            .where(scope, or_(sql.verifications(w), sql.rechecks(w))).group_by(*group_by))
    return _collect(db.session.execute(stmt), len(group_by), list(EVENT_MEASURES))


def _collect(result, width: int, names: list[str]) -> dict[tuple, dict[str, int]]:
    """Rows of (group..., counts...) as a mapping."""
    out = {}
    for row in result:
        out[tuple(row[:width])] = {n: int(v or 0) for n, v in zip(names, row[width:],
                                                                   strict=True)}
    return out


def rollup(*tables: dict[tuple, dict[str, int]], position: int) -> dict:
    """Sum counts of several tables onto one element of their group keys."""
    out: dict = {}
    for table in tables:
        for key, counts in table.items():
            bucket = out.setdefault(key[position], {})
            for name, n in counts.items():
                bucket[name] = bucket.get(name, 0) + n
    return out


def ratio(part: int, whole: int) -> float | None:
    """part/whole rounded to 4 places, or None when nothing was counted."""
    return round(part / whole, 4) if whole else None


def unit_rows(counts: dict, names: list[str], none_label: str) -> list[dict]:
    """One row per active unit (and per unit with data), zeros filled in."""
    units = db.session.execute(select(Unit.id, Unit.name, Unit.kind, Unit.active)
                               .order_by(Unit.id)).all()
    rows = [_row(u.id, u.name, counts.get(u.id, {}), names)
            for u in sorted(units, key=lambda u: (u.kind == "township", u.id))
            if u.active or u.id in counts]
    if None in counts:
        rows.append(_row(None, none_label, counts[None], names))
    return rows


def township_rows(counts: dict, names: list[str], none_label: str,
                  only: int | None = None) -> list[dict]:
    """One row per active township (or only the user's own) and per township with data."""
    stmt = select(Area.id, Area.name, Area.active).where(Area.kind == "township")
    if only is not None:
        stmt = stmt.where(Area.id == only)
    towns = db.session.execute(stmt.order_by(Area.id)).all()
    known = {t.id for t in towns}
    rows = [_row(t.id, t.name, counts.get(t.id, {}), names)
            for t in towns if t.active or t.id in counts]
    extra = [k for k in counts if k is not None and k not in known]
    if extra:
        found = dict(db.session.execute(select(Area.id, Area.name).where(Area.id.in_(extra))).all())
        rows += [_row(k, found.get(k, f"#{k}"), counts[k], names) for k in sorted(extra)]
    if None in counts:
        rows.append(_row(None, none_label, counts[None], names))
    return rows


def _row(key, name: str, counts: dict, names: list[str]) -> dict:
    """A table row with every measure present."""
    return {"id": key, "name": name, **{n: counts.get(n, 0) for n in names}}


def total_row(rows: list[dict], names: list[str], label: str = "合计") -> dict:
    """The sum of the rows' measures."""
    return {"id": None, "name": label, **{n: sum(r[n] for r in rows) for n in names}}
