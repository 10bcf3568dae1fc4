"""The writing half of recording reports: a planned batch into the ledger.

A statement per table (attachments: per report with photos): the items the batch opens,
their suggestions, the stored items it joins (counts bumped in id order, so two batches
never deadlock; one closed meanwhile sends its reports back to be decided again),
reports, flags, attachments, then every event appended with one lock of the chain head.
Once the head is locked (every other writer of events waits for this commit from then
on), the reports that open items are weighed once more against what others committed
since the plan was made (`reconsider`); intake.rounds writes the rows again when one now
joins a stored item.
"""

from collections import Counter
from dataclasses import dataclass, replace

from sqlalchemy import func, select

from server.extensions import db
from server.models import Attachment, Flag, Item, PendingPhoto, Report, Suggestion
from server.models.types import utcnow
from server.services import integrity, merging
from server.services.intake.plan import Planned
from sync.merge import Decision, Match
from sync.workflow import OPEN_STATES

_ITEMS, _REPORTS = Item.__table__, Report.__table__
WRITE_ROUNDS = 4


@dataclass(frozen=True)
class Recorded:
    """Where a recorded report went."""

    id: int
    item_id: int
    photos_pending: tuple[str, ...] = ()


class BatchWriter:
    """Writes the planned reports of a batch; placeholder keys become item ids."""

    def __init__(self, user_id: int, entries: list[Planned]):
        self.user_id, self.now = user_id, utcnow()
        self.entries = [e for e in entries if e.error is None]
        self.moved: dict[int | str, int] = {}   # placeholders whose item joined a stored one
        self.ids: dict[int | str, int] = {}
        self.status: dict[int, str] = {}
        self.counts: Counter = Counter()
        self.urgent: set = set()
        self.gone: set[int] = set()             # stored items closed or merged meanwhile

    def write_rows(self) -> list[int] | None:
        """Items, suggestions, counts, reports, flags and attachments as decided; the
        reports' ids, or None if a stored item to join is no longer open (see gone).

        Suggestions go before the joined items are locked: a suggestion takes a key-share
        lock on the item it names, which must not wait while this holds other items.
        """
        self.ids, self.status, self.gone = dict(self.moved), {}, set()
        self.tally()
        self.open_items()
        self.suggestions()
        self.join_items()
        if self.gone:
            return None
        report_ids = self.insert_reports()
        self.evidence(report_ids)
        return report_ids

    def reconsider(self, seen_seq: int) -> bool:
        """Weigh the reports that open items again against items others committed since
        the plan (two phones reporting one problem at once); True if one now joins a
        stored item, and the rows must be written again. Other changes (a new suggestion)
        are left: the rows stay as written. Called with the chain head locked.
        """
        opening = [e for e in self.entries if e.decision.kind == "new"]
        changed = merging.changed_since(seen_seq) if opening else []
        moved = False
        for e in opening if changed else ():
            decision = merging.reconsider(e.signal, e.weighed, changed)
            if decision is not None and decision.kind == "join":
                e.decision, moved = decision, True
                self.moved[e.key] = decision.item_id  # its batch joiners follow it there
        return moved

    def redirect_gone(self) -> None:
        """Decide again the reports whose stored item was closed, merged or rejected since
        the plan; the batch's other reports on that item follow the first one."""
        follow: dict[int, tuple[Decision, int | str]] = {}
        for n, e in enumerate(self.entries):
            target = self.id_of(e.key)
            if target not in self.gone:
                continue
            if target in follow:
                e.decision, e.key = follow[target]
                continue
            e.decision = merging.decide_among(
                e.signal, [c for c in e.weighed if c.item_id not in self.gone])
            e.key = e.decision.item_id if e.decision.kind == "join" else f"late:{n}"
            follow[target] = (Decision("join", e.key, reasons=("joined",)), e.key)
        self.moved = {k: v for k, v in self.moved.items() if v not in self.gone}

    def tally(self) -> None:
        """Reports per item (stored ids, or placeholders of items still to open), and the
        items with an urgent report."""
        self.counts = Counter(self.id_of(e.key) for e in self.entries)
        self.urgent = {self.id_of(e.key) for e in self.entries
                       if e.data.get("severity") == "urgent"}

    def id_of(self, key: int | str) -> int:
        """The item id of a key (placeholders resolved once their item is inserted)."""
        return self.ids.get(key, key)

    def open_items(self) -> None:
        """Insert the items the batch opens, each with its final count and severity."""
        opened = [e for e in self.entries if e.decision.kind == "new"]
        rows = [self._item_row(e, self.counts[e.key], e.key in self.urgent) for e in opened]
        if not rows:
            return
        for e, new_id in zip(opened, _insert_with_ids(_ITEMS, rows), strict=True):
            self.ids[e.key] = new_id
            self.status[new_id] = "new"

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
        """Add the batch's reports to the stored items they join (in id order: no deadlock);
        an item no longer open goes to self.gone instead."""
        for key in sorted(k for k in self.counts if isinstance(k, int)):
            values = {"report_count": _ITEMS.c.report_count + self.counts[key]}
            if key in self.urgent:
                values["severity"] = "urgent"
            stmt = (_ITEMS.update().where(_ITEMS.c.id == key, _ITEMS.c.status.in_(OPEN_STATES))
                    .values(values).returning(_ITEMS.c.status))
            status = db.session.execute(stmt).scalar_one_or_none()
            if status is None:
                self.gone.add(key)
            else:
                self.status[key] = status

    def insert_reports(self) -> list[int]:
        """Insert the reports; returns their ids in order."""
        rows = [{"item_id": self.id_of(e.key), "reporter_id": self.user_id,
                 "area_id": e.area.id, "visit_id": e.visit_id, "category": e.data["category"],
                 "description": e.data["description"].strip(),
                 "severity": e.data.get("severity", "normal"), "lat": e.data.get("lat"),
                 "lon": e.data.get("lon"), "accuracy_m": e.data.get("accuracy_m"),
                 "captured_at": e.data["captured_at"], "client_id": e.client_id,
                 "received_at": self.now} for e in self.entries]
        return _insert_with_ids(_REPORTS, rows) if rows else []

    def evidence(self, report_ids: list[int]) -> None:
        """Flags, attachments and the photos still to come; photos are checked in order,
        so a photo used twice in one batch is caught the second time as it would be across
        batches. A photo still to come is checked when it arrives (services.late_photos)."""
        flags = [{**f, "item_id": self.id_of(e.key), "created_at": self.now}
                 for e in self.entries for f in e.flags]
        _insert(PendingPhoto, [{"report_id": report_id, "photo_sha": sha, "created_at": self.now}
                               for e, report_id in zip(self.entries, report_ids, strict=True)
                               for sha in e.pending])
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

    def suggestions(self) -> None:
        """The near matches of the items the batch opens, and the pairs of items a joining
        report bridges (both ways), for the office; each pair once."""
        rows = {}
        for e in self.entries:
            d = e.decision
            pairs = ([(e.key, m) for m in d.suggestions] if d.kind == "new"
                     else [pair for b in d.bridges for pair in _bridge_pairs(d.item_id, b)])
            for key, m in pairs:
                row = self._suggestion(key, m, bridge=d.kind == "join")
                if row["item_id"] != row["other_id"]:
                    rows.setdefault((row["item_id"], row["other_id"]), row)
        _insert(Suggestion, list(rows.values()))

    def _suggestion(self, key: int | str, m: Match, bridge: bool = False) -> dict:
        """The row of one suggestion: item `key` may be item `m.item_id`."""
        details = {"text_similarity": m.text_similarity, "distance_m": m.distance_m,
                   "reasons": list(m.reasons), "what": list(m.what), "conflict": m.conflict}
        if bridge:
            details["bridge"] = True
        return {"item_id": self.id_of(key), "other_id": self.id_of(m.item_id),
                "score": m.score, "likely": m.likely, "created_at": self.now,
                "details": details}

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
        body = {"report_id": report_id, "photos": list(e.data.get("photos") or ()),
                "captured_at": e.data["captured_at"].isoformat(), "mutation_id": e.client_id,
                "merge": decision.kind, "score": decision.score,
                "suggestions": [self.id_of(k) for k in decision.suggested_item_ids]}
        if decision.recurrence_of:
            body["recurrence_of"] = decision.recurrence_of
        if decision.needs_review:
            body["needs_review"] = True
        return body


def _bridge_pairs(joined: int | str, other: Match) -> list[tuple[int | str, Match]]:
    """A report joined `joined` and matched `other` too: the two items may be one, each
    suggested to the other with the report's match and the reason "bridge"."""
    reasons = (*other.reasons, "bridge")
    return [(joined, replace(other, reasons=reasons)),
            (other.item_id, replace(other, item_id=joined, reasons=reasons))]


def _insert_with_ids(table, rows: list[dict]) -> list[int]:
    """Insert rows and return their new ids, in order.

    On PostgreSQL the ids are taken from the table's sequence first and the rows sent as
    one prepared statement in a pipeline: `INSERT ... RETURNING` of many rows would be one
    statement of ~20 KB that psycopg parses anew for every batch.
    """
    if db.session.get_bind().dialect.name != "postgresql":
        stmt = table.insert().returning(table.c.id, sort_by_parameter_order=True)
        return list(db.session.execute(stmt, rows).scalars())
    sequence = func.pg_get_serial_sequence(table.name, "id")
    ids = list(db.session.execute(select(func.nextval(sequence)).select_from(
        func.generate_series(1, len(rows)))).scalars())
    db.session.execute(table.insert(), [{**row, "id": i} for row, i in zip(rows, ids,
                                                                           strict=True)])
    return ids


def _insert(model, rows: list[dict]) -> None:
    """Insert rows into a model's table with one statement."""
    if rows:
        db.session.execute(model.__table__.insert(), rows)
