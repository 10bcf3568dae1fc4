"""Recording problem reports a batch at a time: the one code path of `report.create`.

A phone sends up to 200 mutations in a push, most of them reports. Deciding reports one
by one is cheap; writing them one by one is not (a dozen ORM flushes each). So a batch is
recorded in two steps:

- `plan` only reads: it checks each report (area, category, photos, visit) and decides
  its merge, counting the reports before it in the batch (report 7 can join the item
  report 3 opens). On SQLite the caller runs it without the write lock.
- `write` writes the plan in the caller's transaction with one statement per table: new
  items, joined items' counts, reports, suggestions, flags, attachments, then every event
  with one lock of the chain head.

`create_report` is both steps for one report, for callers inside a transaction of their own.
"""

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import Row, select

from server.extensions import db
from server.models import Area, Attachment, Category, Flag, Item, Photo, Report, Suggestion, Visit
from server.models.types import utcnow
from server.services import audit, integrity, merging
from server.services.reports import distance_to_area
from sync.errors import DomainError
from sync.merge import Decision, ReportSignal

_ITEMS, _REPORTS = Item.__table__, Report.__table__
# Plain rows, not ORM objects: they outlive the read transaction they come from.
_AREA = (Area.id, Area.active, Area.kind, Area.township_id, Area.lat, Area.lon, Area.radius_m)
_PHOTO = (Photo.sha256, Photo.exif_lat, Photo.exif_lon, Photo.exif_taken_at, Photo.phash,
          Photo.damaged)


@dataclass
class Planned:
    """One report of a batch: what it says, whether it may be recorded, where it goes."""

    client_id: str | None
    data: dict
    error: DomainError | None = None
    area: Row | None = None
    photos: list[Row] = field(default_factory=list)
    visit_id: int | None = None
    decision: Decision | None = None
    key: int | str | None = None           # the item: an id, or "new:N" for one it opens
    flags: list[dict] = field(default_factory=list)


@dataclass(frozen=True)
class Recorded:
    """Where a recorded report went."""

    id: int
    item_id: int


class _Context:
    """What a batch refers to, each kind loaded with one query."""

    def __init__(self, user_id: int, datas: list[dict]):
        area_ids = {d["area_id"] for d in datas if 0 < d["area_id"] < 2**31}
        self.areas = {a.id: a for a in db.session.execute(
            select(*_AREA).where(Area.id.in_(area_ids)))} if area_ids else {}
        self.categories = set(db.session.execute(
            select(Category.code).where(Category.active.is_(True))).scalars())
        shas = {s for d in datas for s in d.get("photos") or ()}
        self.photos = {p.sha256: p for p in db.session.execute(
            select(*_PHOTO).where(Photo.sha256.in_(shas)))} if shas else {}
        self.visits = self._visits(user_id, [d.get("visit_id") for d in datas])

    @staticmethod
    def _visits(user_id: int, refs: list) -> dict:
        """The user's visits named by server id or by the phone's mutation id."""
        ids = {r for r in refs if isinstance(r, int) and not isinstance(r, bool)}
        keys = {str(r) for r in refs if r is not None and not isinstance(r, int)}
        found = {}
        mine = select(Visit.id, Visit.client_id).where(Visit.user_id == user_id)
        if ids:
            found.update((r.id, r.id) for r in db.session.execute(mine.where(Visit.id.in_(ids))))
        if keys:
            found.update((r.client_id, r.id)
                         for r in db.session.execute(mine.where(Visit.client_id.in_(keys))))
        return found

    def check(self, entry: Planned) -> None:
        """Fill in the report's area, photos and visit, or raise why it cannot be recorded."""
        data = entry.data
        area = self.areas.get(data["area_id"])
        if area is None or not area.active:
            raise DomainError("validation_failed", "unknown area", {"field": "area_id"})
        if data["category"] not in self.categories:
            raise DomainError("validation_failed", "unknown category", {"field": "category"})
        shas = list(dict.fromkeys(data.get("photos") or ()))
        missing = [s for s in shas if s not in self.photos]
        if missing:
            raise DomainError("photos_missing", "photos must be uploaded first",
                              {"missing": missing})
        ref = data.get("visit_id")
        entry.area, entry.photos = area, [self.photos[s] for s in shas]
        entry.visit_id = None if ref is None else self.visits.get(
            ref if isinstance(ref, int) and not isinstance(ref, bool) else str(ref))


def _signal(entry: Planned) -> ReportSignal:
    """What the merge decision weighs of a report."""
    d = entry.data
    return ReportSignal(category=d["category"], lat=d.get("lat"), lon=d.get("lon"),
                        accuracy_m=d.get("accuracy_m"), description=d["description"].strip(),
                        area_id=entry.area.id)


def plan(user_id: int, batch: list[tuple[str | None, dict]]) -> list[Planned]:
    """Check and decide every report of a batch, in order; nothing is written."""
    entries = [Planned(client_id, data) for client_id, data in batch]
    context = _Context(user_id, [e.data for e in entries])
    for entry in entries:
        try:
            context.check(entry)
        except DomainError as exc:
            entry.error = exc
    valid = [e for e in entries if e.error is None]
    signals = [_signal(e) for e in valid]
    pool = merging.BatchPool()
    for n, (entry, signal, rows) in enumerate(
            zip(valid, signals, merging.lookup_many(signals), strict=True)):
        entry.decision = merging.decide_for(signal, pool, rows)
        entry.key = pool.add(f"new:{n}", signal, entry.decision)
        distance = distance_to_area(entry.area, signal.lat, signal.lon)
        entry.flags = integrity.outside_area_flags(distance, entry.area.radius_m)
    return entries


class _Writer:
    """Writes the planned reports of a batch; placeholder keys become item ids."""

    def __init__(self, user_id: int, entries: list[Planned]):
        self.user_id, self.now = user_id, utcnow()
        self.entries = [e for e in entries if e.error is None]
        self.ids: dict[int | str, int] = {}
        self.status: dict[int, str] = {}

    def id_of(self, key: int | str) -> int:
        """The item id of a key (placeholders resolved once their item is inserted)."""
        return self.ids.get(key, key)

    def open_items(self) -> None:
        """Insert the items the batch opens, each with its final count and severity."""
        counts, urgent = self._tally()
        opened = [e for e in self.entries if e.decision.kind == "new"]
        rows = [self._item_row(e, counts[e.key], e.key in urgent) for e in opened]
        if not rows:
            return
        stmt = _ITEMS.insert().returning(_ITEMS.c.id, sort_by_parameter_order=True)
        for e, new_id in zip(opened, db.session.execute(stmt, rows).scalars(), strict=True):
            self.ids[e.key] = new_id
            self.status[new_id] = "new"

    def _tally(self) -> tuple[Counter, set]:
        """Reports per item key, and the keys with an urgent report."""
        counts = Counter(e.key for e in self.entries)
        urgent = {e.key for e in self.entries if e.data.get("severity") == "urgent"}
        return counts, urgent

    def _item_row(self, e: Planned, count: int, urgent: bool) -> dict:
        """The row of an item opened by report `e`."""
        d, area, decision = e.data, e.area, e.decision
        return {"status": "new", "category": d["category"], "area_id": area.id,
                "township_id": area.township_id or (area.id if area.kind == "township" else None),
                "description": d["description"].strip(),
                "severity": "urgent" if urgent else d.get("severity", "normal"),
                "lat": d.get("lat"), "lon": d.get("lon"), "accuracy_m": d.get("accuracy_m"),
                "reporter_id": self.user_id, "report_count": count,
                "needs_review": decision.needs_review,
                "cell": merging.cell_for(d.get("lat"), d.get("lon")),
                "recurrence_of_id": decision.recurrence_of, "created_at": self.now}

    def join_items(self) -> None:
        """Add the batch's reports to the stored items they join (in id order: no deadlock)."""
        counts, urgent = self._tally()
        for key in sorted(k for k in counts if isinstance(k, int)):
            values = {"report_count": _ITEMS.c.report_count + counts[key]}
            if key in urgent:
                values["severity"] = "urgent"
            stmt = _ITEMS.update().where(_ITEMS.c.id == key).values(values) \
                .returning(_ITEMS.c.status)
            self.status[key] = db.session.execute(stmt).scalar_one()

    def insert_reports(self) -> list[int]:
        """Insert the reports; returns their ids in order."""
        rows = [{"item_id": self.id_of(e.key), "reporter_id": self.user_id,
                 "area_id": e.area.id, "visit_id": e.visit_id, "category": e.data["category"],
                 "description": e.data["description"].strip(),
                 "severity": e.data.get("severity", "normal"), "lat": e.data.get("lat"),
                 "lon": e.data.get("lon"), "accuracy_m": e.data.get("accuracy_m"),
                 "captured_at": e.data["captured_at"], "client_id": e.client_id,
                 "received_at": self.now} for e in self.entries]
        if not rows:
            return []
        stmt = _REPORTS.insert().returning(_REPORTS.c.id, sort_by_parameter_order=True)
        return list(db.session.execute(stmt, rows).scalars())

    def evidence(self, report_ids: list[int]) -> None:
        """Suggestions, flags and attachments; photos are checked in order, so a photo
        used twice in one batch is caught the second time as it would be across batches."""
        suggestions, flags = [], []
        for e in self.entries:
            item_id = self.id_of(e.key)
            if e.decision.kind == "new":
                suggestions += [{"item_id": item_id, "other_id": self.id_of(m.item_id),
                                 "score": m.score, "created_at": self.now,
                                 "details": {"text_similarity": m.text_similarity,
                                             "distance_m": m.distance_m,
                                             "reasons": list(m.reasons)}}
                                for m in e.decision.suggestions]
            flags += [{**f, "item_id": item_id, "created_at": self.now} for f in e.flags]
        _insert(Suggestion, suggestions)
        for e, report_id in zip(self.entries, report_ids, strict=True):
            if e.photos:
                flags += [{**f, "item_id": self.id_of(e.key), "created_at": self.now}
                          for f in integrity.photo_flags(
                              self.id_of(e.key), e.photos, "before", e.data.get("lat"),
                              e.data.get("lon"), e.data["captured_at"])]
                _insert(Attachment, [{"item_id": self.id_of(e.key), "report_id": report_id,
                                      "photo_sha": p.sha256, "kind": "before",
                                      "created_at": self.now} for p in e.photos])
        _insert(Flag, flags)

    def events(self, report_ids: list[int]) -> list[dict]:
        """One event per report: `create` for the item it opened, `report` for a join."""
        out = []
        for e, report_id in zip(self.entries, report_ids, strict=True):
            item_id, opened = self.id_of(e.key), e.decision.kind == "new"
            status = self.status[item_id]
            out.append({"item_id": item_id, "action": "create" if opened else "report",
                        "actor_id": self.user_id, "from_state": None if opened else status,
                        "to_state": status, "lat": e.data.get("lat"), "lon": e.data.get("lon"),
                        "body": self._event_body(e, report_id)})
        return out

    def _event_body(self, e: Planned, report_id: int) -> dict:
        """What the event records: the report, its photos and the merge decision."""
        decision = e.decision
        body = {"report_id": report_id, "photos": [p.sha256 for p in e.photos],
                "captured_at": e.data["captured_at"].isoformat(), "mutation_id": e.client_id,
                "merge": decision.kind, "score": decision.score,
                "suggestions": [self.id_of(k) for k in decision.suggested_item_ids]}
        if decision.recurrence_of:
            body["recurrence_of"] = decision.recurrence_of
        if decision.needs_review:
            body["needs_review"] = True
        return body


def _insert(model, rows: list[dict]) -> None:
    """Insert rows into a model's table with one statement."""
    if rows:
        db.session.execute(model.__table__.insert(), rows)


def write(user_id: int, entries: list[Planned]) -> list[Recorded | DomainError]:
    """Write a plan in the current transaction; one answer per entry, in order.

    Call it when nothing else is left to do before the commit: the chain head stays
    locked from its last statement to the commit.
    """
    writer = _Writer(user_id, entries)
    writer.open_items()
    writer.join_items()
    report_ids = writer.insert_reports()
    writer.evidence(report_ids)
    audit.append(writer.events(report_ids))
    recorded = iter(Recorded(rid, writer.id_of(e.key))
                    for e, rid in zip(writer.entries, report_ids, strict=True))
    return [e.error if e.error is not None else next(recorded) for e in entries]


def create_report(user, data: dict, client_id: str | None = None) -> Recorded:
    """Record one report in the caller's transaction; raises when it cannot be recorded."""
    (outcome,) = write(user.id, plan(user.id, [(client_id, data)]))
    if isinstance(outcome, DomainError):
        raise outcome
    return outcome
