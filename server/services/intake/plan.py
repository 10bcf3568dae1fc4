"""The reading half of recording reports: check each report and decide its merge.

Nothing here writes. `plan` loads what a batch refers to with a query per kind (areas,
categories, photos, visits), then decides each report in order against the ledger and
against the reports before it in the batch (report 7 can join the item report 3 opens).
"""

from dataclasses import dataclass, field

from sqlalchemy import Row, select

from server.extensions import db
from server.models import Area, Category, Photo, Visit
from server.services import audit, integrity, merging
from server.services.checkins import distance_to_area, ensure_active_area
from sync.errors import DomainError
from sync.merge import Candidate, Decision, ReportSignal

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
    pending: list[str] = field(default_factory=list)  # photos named but not arrived yet
    visit_id: int | None = None
    signal: ReportSignal | None = None
    weighed: list[Candidate] = field(default_factory=list)  # what the decision weighed
    decision: Decision | None = None
    key: int | str | None = None           # the item: an id, or "new:N" for one it opens
    flags: list[dict] = field(default_factory=list)


@dataclass
class Plan:
    """A batch's reports as planned, and the last event the plan saw."""

    entries: list[Planned]
    seen_seq: int


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
        ids = {r for r in refs if _is_server_id(r)}
        keys = {str(r) for r in refs if r is not None and not _is_server_id(r)}
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
        area = ensure_active_area(self.areas.get(data["area_id"]))
        if data["category"] not in self.categories:
            raise DomainError("validation_failed", "unknown category", {"field": "category"})
        shas = list(dict.fromkeys(data.get("photos") or ()))
        ref = data.get("visit_id")
        entry.area = area
        entry.photos = [self.photos[s] for s in shas if s in self.photos]
        entry.pending = [s for s in shas if s not in self.photos]  # text first, photos after
        entry.visit_id = None if ref is None else self.visits.get(
            ref if _is_server_id(ref) else str(ref))


def _is_server_id(ref) -> bool:
    """A visit named by its server id (an int), not by the phone's mutation id."""
    return isinstance(ref, int) and not isinstance(ref, bool)


def _signal(entry: Planned) -> ReportSignal:
    """What the merge decision weighs of a report."""
    d = entry.data
    return ReportSignal(category=d["category"], lat=d.get("lat"), lon=d.get("lon"),
                        accuracy_m=d.get("accuracy_m"), description=d["description"].strip(),
                        area_id=entry.area.id)


def plan(user_id: int, batch: list[tuple[str | None, dict]]) -> Plan:
    """Check and decide every report of a batch, in order; nothing is written."""
    seen = audit.head_seq()
    entries = [Planned(client_id, data) for client_id, data in batch]
    context = _Context(user_id, [e.data for e in entries])
    for entry in entries:
        try:
            context.check(entry)
        except DomainError as exc:
            entry.error = exc
    valid = [e for e in entries if e.error is None]
    for entry in valid:
        entry.signal = _signal(entry)
    pool, cfg = merging.BatchPool(), merging.merge_config()
    rows_of = merging.lookup_many([e.signal for e in valid])
    for n, (entry, rows) in enumerate(zip(valid, rows_of, strict=True)):
        entry.weighed = merging.candidates(entry.signal, cfg, pool, rows)
        entry.decision = merging.decide_among(entry.signal, entry.weighed)
        entry.key = pool.add(f"new:{n}", entry.signal, entry.decision)
        distance = distance_to_area(entry.area, entry.signal.lat, entry.signal.lon)
        entry.flags = integrity.outside_area_flags(distance, entry.area.radius_m)
    return Plan(entries, seen)
