"""The writing half of recording reports: a planned batch into the ledger.

One statement per table: the items the batch opens, the stored items it joins (their
counts bumped in id order, so two batches never deadlock), reports, suggestions, flags,
attachments, then every event appended with one lock of the chain head. Before that,
the reports that open items are weighed once more against what others committed since
the plan was made.
"""

from collections import Counter
from dataclasses import dataclass

from server.extensions import db
from server.models import Attachment, Flag, Item, Report, Suggestion
from server.models.types import utcnow
from server.services import audit, integrity, merging
from server.services.intake.plan import Plan, Planned
from sync.errors import DomainError

_ITEMS, _REPORTS = Item.__table__, Report.__table__


@dataclass(frozen=True)
class Recorded:
    """Where a recorded report went."""

    id: int
    item_id: int


class _Writer:
    """Writes the planned reports of a batch; placeholder keys become item ids."""

    def __init__(self, user_id: int, entries: list[Planned]):
        self.user_id, self.now = user_id, utcnow()
        self.entries = [e for e in entries if e.error is None]
        self.ids: dict[int | str, int] = {}
        self.status: dict[int, str] = {}
        self.counts: Counter = Counter()
        self.urgent: set = set()

    def reconsider(self, seen_seq: int) -> None:
        """Weigh the reports that open items again against items others committed since
        the plan (two phones reporting one problem at once); one may join one of them."""
        opening = [e for e in self.entries if e.decision.kind == "new"]
        if not opening:
            return
        merging.lock_regions([e.signal for e in opening])
        changed = merging.changed_since(seen_seq)
        for e in opening if changed else ():
            decision = merging.reconsider(e.signal, e.weighed, changed)
            if decision is None:
                continue
            e.decision = decision
            if decision.kind == "join":
                self.ids[e.key] = decision.item_id  # its batch joiners follow it there

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
        stmt = _ITEMS.insert().returning(_ITEMS.c.id, sort_by_parameter_order=True)
        for e, new_id in zip(opened, db.session.execute(stmt, rows).scalars(), strict=True):
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
        """Add the batch's reports to the stored items they join (in id order: no deadlock)."""
        for key in sorted(k for k in self.counts if isinstance(k, int)):
            values = {"report_count": _ITEMS.c.report_count + self.counts[key]}
            if key in self.urgent:
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


def write(user_id: int, plan: Plan) -> list[Recorded | DomainError]:
    """Write a plan in the current transaction; one answer per entry, in order.

    Call it when nothing else is left to do before the commit: the chain head stays
    locked from its last statement to the commit.
    """
    writer = _Writer(user_id, plan.entries)
    writer.reconsider(plan.seen_seq)
    writer.tally()
    writer.open_items()
    writer.join_items()
    report_ids = writer.insert_reports()
    writer.evidence(report_ids)
    audit.append(writer.events(report_ids))
    recorded = iter(Recorded(rid, writer.id_of(e.key))
                    for e, rid in zip(writer.entries, report_ids, strict=True))
    return [e.error if e.error is not None else next(recorded) for e in plan.entries]
