"""Append hash-chained events and verify the chain.

Every event holds the hash of the one before it. Appending locks the single
`chain_head` row, so concurrent transactions take sequence numbers in commit
order: the pull cursor (an item's `change_seq`) never skips a change.

An event hashes in a canonical form that survives the round trip through SQLite and
PostgreSQL, so `verify_chain` recomputes from the stored row exactly what `record` and
`append` computed before writing it: positions as floats (an int coming back as a float
or the other way round, and -0.0, which SQLite gives back as 0.0, hash alike), `at` as
naive UTC (an aware time is converted first), a missing field as None, keys sorted.
Text hashes as stored, not Unicode-normalised: both databases keep a string's code
points as sent, so an NFC and an NFD spelling are different content (the body is a
Text column holding the canonical JSON, never re-encoded by the database). For every
finite non-negative-zero float, plain text and naive UTC time the form is the one of
the first release, so existing chains verify unchanged.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from types import SimpleNamespace

from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from server.extensions import db
from server.models import ChainHead, Event, Item
from server.models.types import utcnow

GENESIS = "0" * 64


def canonical(fields: dict) -> str:
    """Deterministic JSON used for hashing and for the stored event body."""
    return json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      default=str)


def _fmt_time(at: datetime) -> str:
    """Timestamps hash in one fixed form: naive UTC, to the microsecond."""
    if at.tzinfo is not None:
        at = at.astimezone(UTC).replace(tzinfo=None)
    return at.strftime("%Y-%m-%dT%H:%M:%S.%f")


def _coordinate(value: float | int | None) -> float | None:
    """A position as a float, with -0.0 as 0.0 (SQLite does not keep the sign of zero)."""
    if value is None:
        return None
    return float(value) + 0.0   # IEEE: -0.0 + 0.0 is 0.0; any other value is unchanged


# The hashed name of each event attribute, in the first release's set of fields.
_HASHED = {"seq": "seq", "item_id": "item_id", "action": "action", "actor_id": "actor_id",
           "at": "at", "from": "from_state", "to": "to_state", "lat": "lat", "lon": "lon",
           "body": "body", "prev": "prev_hash"}


def event_hash(ev) -> str:
    """The SHA-256 of an event's fields (canonical form) and its predecessor's hash."""
    fields = {name: getattr(ev, attr, None) for name, attr in _HASHED.items()}
    fields["at"] = _fmt_time(fields["at"])
    fields["lat"], fields["lon"] = _coordinate(fields["lat"]), _coordinate(fields["lon"])
    return hashlib.sha256(canonical(fields).encode()).hexdigest()


_HEAD = ChainHead.__table__


def head_seq() -> int:
    """The sequence number of the last event committed (0 before the first)."""
    return db.session.execute(select(_HEAD.c.seq).where(_HEAD.c.id == 1)).scalar() or 0


def _take_seqs(count: int) -> tuple[int, str]:
    """Lock the chain head (creating it on first use) and reserve `count` sequence numbers.

    Returns the first of them and the hash of the event before it.
    """
    stmt = (_HEAD.update().where(_HEAD.c.id == 1).values(seq=_HEAD.c.seq + count)
            .returning(_HEAD.c.seq, _HEAD.c.hash))
    row = db.session.execute(stmt).first()
    if row is None:
        try:
            with db.session.begin_nested():
                db.session.execute(_HEAD.insert().values(id=1, seq=0, hash=GENESIS))
        except IntegrityError:
            pass  # a concurrent first event created it; the update below waits for it
        row = db.session.execute(stmt).one()
    return row.seq - count + 1, row.hash


def record(item: Item, action: str, actor_id: int | None, from_state: str | None,
           payload: dict, lat: float | None = None, lon: float | None = None) -> Event:
    """Append one event for a change to `item` and stamp the item's change cursor.

    The event row and the item's cursor are written at the next flush (the commit).
    """
    db.session.flush()
    seq, prev_hash = _take_seqs(1)
    ev = Event(seq=seq, item_id=item.id, action=action, actor_id=actor_id, at=utcnow(),
               from_state=from_state, to_state=item.status, lat=lat, lon=lon,
               body=canonical(payload), prev_hash=prev_hash)
    ev.hash = event_hash(ev)
    db.session.execute(_HEAD.update().where(_HEAD.c.id == 1).values(hash=ev.hash))
    item.change_seq = ev.seq
    db.session.add(ev)
    return ev


_ITEMS = Item.__table__
_EVENTS = Event.__table__
# What a caller of `append` gives per event; a field left out is stored and hashed as None.
_GIVEN = ("item_id", "action", "actor_id", "from_state", "to_state", "lat", "lon")


@dataclass(frozen=True)
class Reservation:
    """Sequence numbers taken for events not yet appended; the chain head stays locked."""

    first: int
    prev_hash: str
    count: int


def reserve(count: int) -> Reservation:
    """Lock the chain head and take `count` sequence numbers for `append`.

    From here to the commit every other writer of events waits, so what this transaction
    reads after reserving (and before committing) is all that others have committed.
    """
    first, prev_hash = _take_seqs(count)
    return Reservation(first, prev_hash, count)


def append(events: list[dict], reservation: Reservation) -> list[int]:
    """Append many events in one go (the batch intake); returns their sequence numbers.

    Each dict holds item_id, action, actor_id, from_state, to_state, lat, lon and the
    payload as `body`; every item's cursor moves to its last event. The head stays locked
    from `reserve` until the commit.
    """
    if reservation.count != len(events):
        raise ValueError("events do not match the reservation")
    at, rows, prev_hash = utcnow(), [], reservation.prev_hash
    for seq, fields in enumerate(events, start=reservation.first):
        row = {**{name: fields.get(name) for name in _GIVEN}, "seq": seq, "at": at,
               "prev_hash": prev_hash, "body": canonical(fields["body"])}
        prev_hash = row["hash"] = event_hash(SimpleNamespace(**row))
        rows.append(row)
    db.session.execute(_EVENTS.insert(), rows)
    db.session.execute(_HEAD.update().where(_HEAD.c.id == 1).values(hash=prev_hash))
    last = reservation.first + len(events) - 1
    latest = (select(_EVENTS.c.item_id, func.max(_EVENTS.c.seq).label("seq"))
              .where(_EVENTS.c.seq.between(reservation.first, last))
              .group_by(_EVENTS.c.item_id).subquery())
    db.session.execute(_ITEMS.update().where(_ITEMS.c.id == latest.c.item_id)
                       .values(change_seq=latest.c.seq))
    return list(range(reservation.first, last + 1))


@dataclass(frozen=True)
class ChainProblem:
    """The first event at which the chain does not hold."""

    seq: int
    reason: str


def _exact_floats() -> None:
    """Have PostgreSQL send doubles in full for this transaction, whatever the server's
    extra_float_digits (0 or less rounds them to 15 digits, as before PostgreSQL 12)."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SET LOCAL extra_float_digits = 3"))


def verify_chain(batch: int = 5000) -> ChainProblem | None:
    """Walk every event in order; return the first that breaks the chain, or None."""
    _exact_floats()
    expected_seq, prev = 1, GENESIS
    last_seq = 0
    while True:
        rows = db.session.execute(
            select(Event).where(Event.seq > last_seq).order_by(Event.seq).limit(batch)
        ).scalars().all()
        for ev in rows:
            if ev.seq != expected_seq:
                return ChainProblem(expected_seq, f"event {expected_seq} is missing")
            if ev.prev_hash != prev:
                return ChainProblem(ev.seq, "previous-hash link does not match")
            if event_hash(ev) != ev.hash:
                return ChainProblem(ev.seq, "content does not match its hash")
            prev, expected_seq, last_seq = ev.hash, ev.seq + 1, ev.seq
        db.session.expunge_all()
        if len(rows) < batch:
            break
    head = db.session.get(ChainHead, 1, populate_existing=True)
    if head is not None and (head.seq != last_seq or head.hash != prev):
        return ChainProblem(last_seq + 1, "events after this point were removed")
    return None
