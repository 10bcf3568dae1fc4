"""The SQL of the duplicate-merge lookup: which ledger items a new report is weighed against.

Items carry the key of their grid cell (sync.geo_index) in an indexed column, so the
candidates of a report come from a handful of cells, never a scan of the ledger. The
statements are built once per MergeConfig with bound parameters (SQLAlchemy then reuses
their compiled form); each report only supplies its numbers. The rule that decides what
is near enough stays in sync.merge; the bound here only keeps far rows in the database.
"""

import json
from datetime import datetime, timedelta
from functools import lru_cache
from types import SimpleNamespace

from sqlalchemy import (
    Boolean,
    DateTime,
    Float,
    Integer,
    String,
    and_,
    bindparam,
    case,
    cast,
    column,
    func,
    not_,
    or_,
    select,
)
from sqlalchemy.dialects.postgresql import JSONB

from server.extensions import db
from server.models import Item, Report
from sync.geo_index import FLAT_MARGIN, M_PER_DEG, cell_keys_within
from sync.merge import MergeConfig, Probe, ReportSignal, search_radius_m
from sync.workflow import OPEN_STATES

AREA_FALLBACK_LIMIT = 50
# Table columns, not ORM attributes: plain Core statements, run on the session's connection.
_I, _R = Item.__table__.c, Report.__table__.c

_COLUMNS = (_I.id, _I.status, _I.category, _I.lat, _I.lon, _I.accuracy_m,
            _I.area_id, _I.closed_at, _I.description, _R.description.label("text"))


def _joined():
    """Items with their reports (an item's texts are its reports' descriptions)."""
    return Item.__table__.outerjoin(Report.__table__, _R.item_id == _I.id)


def _param(name: str, type_):
    """A typed bound parameter."""
    return bindparam(name, type_=type_)


def _since(cfg: MergeConfig, now: datetime) -> datetime:
    """The :since of status_clause: closings older than this no longer count."""
    return now - timedelta(days=cfg.recurrence_days)


def status_clause():
    """Open items, and items closed since :since (recurrence)."""
    return or_(_I.status.in_(OPEN_STATES),
               and_(_I.status == "closed", _I.closed_at >= _param("since", DateTime())))


# The probe's values the SQL bound uses: name and type.
_PROBE = (("lat", Float), ("lon", Float), ("east_m_per_deg", Float), ("acc1", Float),
          ("report_unusable", Boolean), ("area_id", Integer), ("lat_lo", Float),
          ("lat_hi", Float), ("lon_lo", Float), ("lon_hi", Float))


def _within_reach(cfg: MergeConfig, p):
    """In SQL, a superset of the rows Probe.worth_comparing keeps.

    Probe keeps a row when the same area stands in for a distance, or when the distance
    is within suggest_factor x (min(max, base + factor x hypot(acc1, acc2)) + area band);
    with hypot(a, b) <= a + b and a flat distance with a 1 % margin, this is looser.
    `p` holds the probe's values as SQL expressions (named as in _PROBE).
    """
    item_usable = and_(_I.accuracy_m.is_not(None), _I.accuracy_m >= 0,  # never NULL
                       _I.accuracy_m <= cfg.max_accuracy_m)
    acc2 = case((item_usable, _I.accuracy_m), else_=cfg.max_accuracy_m)
    same_area = _I.area_id == p.area_id
    band = case((same_area, cfg.same_area_extra_m), else_=0.0)
    north = (_I.lat - p.lat) * M_PER_DEG
    east = (_I.lon - p.lon) * p.east_m_per_deg
    flat2 = north * north + east * east
    scale = cfg.suggest_factor * FLAT_MARGIN
    by_max = (cfg.max_distance_m + band) * scale
    by_acc = (cfg.base_distance_m + band + cfg.accuracy_factor * (p.acc1 + acc2)) * scale
    by_area = and_(same_area, or_(p.report_unusable, not_(item_usable)))
    box = and_(_I.lat.between(p.lat_lo, p.lat_hi), _I.lon.between(p.lon_lo, p.lon_hi))
    return and_(box, or_(by_area, and_(flat2 <= by_max * by_max, flat2 <= by_acc * by_acc)))


@lru_cache(maxsize=16)
def near_statement(cfg: MergeConfig):
    """Items in the report's cells and box and within the reach bound, one row per report."""
    p = SimpleNamespace(**{name: _param(name, type_()) for name, type_ in _PROBE})
    return (select(*_COLUMNS).select_from(_joined())
            .where(_I.cell.in_(bindparam("cells", expanding=True)), status_clause(),
                   _within_reach(cfg, p))
            .order_by(_I.id, _R.id))


@lru_cache(maxsize=1)
def area_statement():
    """Without a position: the latest items of the report's area, one row per report."""
    latest = (select(_I.id).where(status_clause(), _I.area_id == _param("area_id", Integer()))
              .order_by(_I.id.desc()).limit(AREA_FALLBACK_LIMIT).scalar_subquery())
    return (select(*_COLUMNS).select_from(_joined())
            .where(_I.id.in_(latest)).order_by(_I.id, _R.id))


def near_params(signal: ReportSignal, cfg: MergeConfig, probe: Probe, now: datetime) -> dict:
    """The bound values of near_statement for a report with a position (probe.has_fix)."""
    radius = search_radius_m(signal, cfg)
    dlat, dlon = radius / 111_000, radius / (111_000 * max(probe.cos_p1, 0.01))
    return {"cells": cell_keys_within(signal.lat, signal.lon, radius),
            "since": _since(cfg, now),
            "lat_lo": signal.lat - dlat, "lat_hi": signal.lat + dlat,
            "lon_lo": signal.lon - dlon, "lon_hi": signal.lon + dlon,
            "lat": signal.lat, "lon": signal.lon,
            "east_m_per_deg": M_PER_DEG * probe.cos_p1,
            "acc1": probe.acc, "report_unusable": not probe.usable,
            "area_id": signal.area_id}


def _probe_tables():
    """The batch's reports (p: k and the _PROBE values) and their cells (pc: k, cell) as
    tables unpacked from two JSON parameters, so the statement's text never changes."""
    def table(param, columns, name):
        return (func.jsonb_to_recordset(cast(bindparam(param, type_=String()), JSONB))
                .table_valued(*(column(n, t()) for n, t in columns))
                .render_derived(name=name, with_types=True))
    return (table("probes", [("k", Integer), *_PROBE], "p"),
            table("cells", [("k", Integer), ("cell", String)], "pc"))


@lru_cache(maxsize=16)
def near_many_statement(cfg: MergeConfig):
    """near_statement for many reports at once (PostgreSQL); rows carry the report's `k`."""
    p, pc = _probe_tables()
    return (select(p.c.k, *_COLUMNS)
            .select_from(pc.join(p, p.c.k == pc.c.k).join(Item.__table__, _I.cell == pc.c.cell)
                         .outerjoin(Report.__table__, _R.item_id == _I.id))
            .where(status_clause(), _within_reach(cfg, p.c))
            .order_by(p.c.k, _I.id, _R.id))


def near_rows_many(reports: list[tuple[ReportSignal, Probe]], cfg: MergeConfig,
                   now: datetime) -> list[list]:
    """The near rows of many reports with a position; rows per report.

    On PostgreSQL one query: the reports' values and cells go in as JSON and come out as
    tables (p, pc), so the database applies the same cells, box and reach bound to each in
    one round trip, with a statement prepared once. SQLite runs in the process, where a
    small query per report costs less (its planner re-reads JSON for every row).
    """
    if not reports:
        return []
    if db.session.get_bind().dialect.name != "postgresql":
        stmt = near_statement(cfg)
        return [db.session.connection().execute(
            stmt, near_params(signal, cfg, probe, now)).all() for signal, probe in reports]
    params = [near_params(signal, cfg, probe, now) for signal, probe in reports]
    probes = [{"k": k, **{n: prm[n] for n, _ in _PROBE}} for k, prm in enumerate(params)]
    cells = [{"k": k, "cell": c} for k, prm in enumerate(params) for c in prm["cells"]]
    out: list[list] = [[] for _ in reports]
    for row in db.session.connection().execute(near_many_statement(cfg), {
            "probes": json.dumps(probes), "cells": json.dumps(cells),
            "since": params[0]["since"]}):
        out[row.k].append(row)
    return out


@lru_cache(maxsize=1)
def changed_statement():
    """Items whose change cursor passed :seq, in the lookup's row shape."""
    return (select(*_COLUMNS).select_from(_joined())
            .where(_I.change_seq > _param("seq", Integer()), status_clause())
            .order_by(_I.id, _R.id))


def changed_rows(seq: int, cfg: MergeConfig, now: datetime) -> list:
    """Rows of the open (or recently closed) items changed after event `seq`."""
    return db.session.connection().execute(changed_statement(), {
        "seq": seq, "since": _since(cfg, now)}).all()


def candidate_rows(signal: ReportSignal, cfg: MergeConfig, probe: Probe, now: datetime) -> list:
    """Rows of the items a report may concern (ordered by item, then report)."""
    if probe.has_fix:  # search_radius_m > 0
        return db.session.connection().execute(near_statement(cfg),
                                               near_params(signal, cfg, probe, now)).all()
    if signal.area_id is None:
        return []
    return db.session.connection().execute(area_statement(), {
        "area_id": signal.area_id, "since": _since(cfg, now)}).all()
