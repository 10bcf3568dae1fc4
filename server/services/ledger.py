"""Ledger operations, one function per transition of an item.

Each loads the item in the caller's scope (locked), asks `sync.workflow` whether
the action is allowed, changes the rows and appends one hash-chained event.
The online item actions and the offline mutations both call these.
"""

from dataclasses import replace

from flask import current_app
from sqlalchemy import select

from server.errors import ApiError, error_body
from server.extensions import db
from server.models import Attachment, Item, Report, Unit, User
from server.models.types import utcnow
from server.reports.calendar import deadline_after_working_days
from server.services import audit, evidence, integrity, merging, spot_checks
from server.services.clock import local_today
from server.services.scope import actor_of, load_item
from sync.errors import DomainError
from sync.workflow import ActionRequest, ItemFacts, Outcome, Rules, check_deadline, next_state

# A reopened item's provisional deadline (working days on); the office may reschedule it.
REBOUND_WORKING_DAYS = 5


def _rules() -> Rules:
    """The workflow settings of this deployment, with its local date."""
    return Rules(today=local_today(),
                 verify_max_distance_m=current_app.config["VERIFY_MAX_DISTANCE_M"])


def _facts(item: Item) -> ItemFacts:
    """What the workflow rule needs to know about a stored item."""
    return ItemFacts(status=item.status, unit_id=item.unit_id, lat=item.lat, lon=item.lon,
                     after_photo_count=item.after_photo_count, item_id=item.id,
                     report_count=item.report_count)


def _check(item: Item, action: str, user: User, req: ActionRequest | None = None,
           **facts) -> Outcome:
    """Ask the workflow rule where `action` takes `item` (`facts`: what the stored row
    does not say, such as whether it waits for a spot check)."""
    return next_state(replace(_facts(item), **facts), action, actor_of(user),
                      req or ActionRequest(), _rules())


def _deadline(data: dict):
    """The deadline asked for: a date, or a number of working days resolved to one."""
    if data.get("deadline_working_days") is not None:
        return deadline_after_working_days(data["deadline_working_days"])
    return data.get("deadline")


def _move(item: Item, action: str, user: User, outcome: Outcome, payload: dict,
          lat=None, lon=None):
    """Set the new state and append the event; returns the event."""
    before = item.status
    item.status = outcome.to_state
    return audit.record(item, action, user.id, before, payload, lat, lon)


def _active_unit(unit_id: int) -> Unit:
    """A unit that exists and is active."""
    unit = db.session.get(Unit, unit_id)
    if unit is None or not unit.active:
        raise DomainError("validation_failed", "unknown unit", {"field": "unit_id"})
    return unit


def _ensure_assignee(assignee_id: int | None, unit_id: int) -> None:
    """An assignee must be an active handler of the unit."""
    if assignee_id is None:
        return
    person = db.session.get(User, assignee_id)
    if person is None or not person.active or person.unit_id != unit_id:
        raise DomainError("validation_failed", "assignee must belong to the unit",
                          {"field": "assignee_id"})


def assign(user: User, item_id: int, data: dict) -> Item:
    """Office assigns a new item to a unit with a deadline and a plan (交办)."""
    item = load_item(user, item_id, lock=True, to_act=True)
    deadline = _deadline(data)
    unit = _active_unit(data["unit_id"])
    _ensure_assignee(data.get("assignee_id"), unit.id)
    outcome = _check(item, "assign", user, ActionRequest(deadline=deadline))
    item.unit_id, item.deadline, item.plan = unit.id, deadline, data["plan"]
    item.assignee_id = data.get("assignee_id")
    item.leader_led = bool(data.get("leader_led", False))
    item.leader_name = data.get("leader_name")
    item.assigned_at = utcnow()
    _move(item, "assign", user, outcome, {
        "unit_id": unit.id, "deadline": deadline.isoformat(),
        "deadline_working_days": data.get("deadline_working_days"), "plan": data["plan"],
        "assignee_id": item.assignee_id, "leader_led": item.leader_led,
        "leader_name": item.leader_name})
    return item


def reject(user: User, item_id: int, data: dict) -> Item:
    """Office rejects a new item, with a reason (不予受理)."""
    item = load_item(user, item_id, lock=True, to_act=True)
    outcome = _check(item, "reject", user, ActionRequest(reason=data.get("reason")))
    item.reject_reason = data["reason"].strip()
    _move(item, "reject", user, outcome, {"reason": item.reject_reason})
    return item


def long_term(user: User, item_id: int, data: dict) -> Item:
    """The unit (or office) declares a long-term rectification (长期整改)."""
    item = load_item(user, item_id, lock=True, to_act=True)
    outcome = _check(item, "long_term", user,
                     ActionRequest(note=data.get("note"), deadline=data.get("deadline")))
    payload = {"note": data["note"].strip()}
    if data.get("deadline"):
        item.deadline = data["deadline"]
        payload["deadline"] = data["deadline"].isoformat()
    _move(item, "long_term", user, outcome, payload)
    return item


def reschedule(user: User, item_id: int, data: dict) -> Item:
    """Office sets a new deadline for an item in rectification, with the reason (调整时限)."""
    item = load_item(user, item_id, lock=True, to_act=True)
    new = _deadline(data)
    outcome = _check(item, "reschedule", user,
                     ActionRequest(note=data.get("note"), deadline=new))
    previous, item.deadline = item.deadline, new
    _move(item, "reschedule", user, outcome, {
        "deadline": new.isoformat(), "previous": previous.isoformat() if previous else None,
        "deadline_working_days": data.get("deadline_working_days"),
        "note": data["note"].strip()})
    return item


def rectified(user: User, item_id: int, data: dict) -> Item:
    """The unit reports the fix with a note and after-photos (整改完成)."""
    item = load_item(user, item_id, lock=True, to_act=True)
    photos = tuple(data.get("photos") or ())
    evidence.require_photos(photos)
    outcome = _check(item, "rectified", user, ActionRequest(note=data.get("note"), photos=photos))
    item.rectified_at = utcnow()
    item.after_photo_count += len(set(photos))
    ev = _move(item, "rectified", user, outcome,
               {"note": data["note"].strip(), "photos": list(photos),
                "accuracy_m": data.get("accuracy_m"), **_client(data)},
               data.get("lat"), data.get("lon"))
    integrity.check_photos(item, photos, "after", data.get("lat"), data.get("lon"),
                           data.get("client_at") or utcnow())
    evidence.attach(item, photos, "after", event_seq=ev.seq)
    return item


def verify(user: User, item_id: int, data: dict) -> Item:
    """A supervisor verifies on site: close (销号) or send back (退回整改)."""
    item = load_item(user, item_id, lock=True, to_act=True)
    photos = tuple(data.get("photos") or ())
    req = ActionRequest(decision=data.get("decision"), satisfaction=data.get("satisfaction"),
                        photos=photos, lat=data.get("lat"), lon=data.get("lon"),
                        override_reason=data.get("override_reason"))
    signature = data.get("signature")
    evidence.require_photos(photos + ((signature,) if signature else ()))
    outcome = _check(item, "verify", user, req)
    item.satisfaction = data["satisfaction"]
    if outcome.returned:
        item.return_count += 1
    else:
        item.closed_at = utcnow()
    ev = _move(item, "verify", user, outcome, {
        "decision": data["decision"], "satisfaction": data["satisfaction"],
        "photos": list(photos), "signature": signature, "note": data.get("note"),
        "resident_name": data.get("resident_name"), "distance_m": outcome.distance_m,
        "override_reason": data.get("override_reason") if outcome.override else None,
        "returned": outcome.returned, "accuracy_m": data.get("accuracy_m"), **_client(data)},
        data.get("lat"), data.get("lon"))
    integrity.check_photos(item, photos, "verify", data.get("lat"), data.get("lon"),
                           data.get("client_at") or utcnow())
    evidence.attach(item, photos, "verify", event_seq=ev.seq)
    if signature:
        evidence.attach(item, (signature,), "signature", event_seq=ev.seq)
    return item


def recheck(user: User, item_id: int, data: dict) -> Item:
    """A supervisor re-checks a closed item of the week's sample (周抽查); a fail reopens
    it (反弹) with a provisional deadline, which the office may change (`reschedule`)."""
    item = load_item(user, item_id, lock=True, to_act=True)
    photos = tuple(data.get("photos") or ())
    evidence.require_photos(photos)
    entry = spot_checks.pending_entry(item.id)
    req = ActionRequest(result=data.get("result"), note=data.get("note"), photos=photos,
                        lat=data.get("lat"), lon=data.get("lon"))
    outcome = _check(item, "recheck", user, req, sampled=entry is not None)
    failed = outcome.extra["rebound"]
    if failed:
        item.closed_at, item.satisfaction = None, None
        item.deadline = deadline_after_working_days(REBOUND_WORKING_DAYS)
    ev = _move(item, "recheck", user, outcome, {
        "result": data["result"], "note": (data.get("note") or "").strip() or None,
        "photos": list(photos), "distance_m": outcome.distance_m,
        "accuracy_m": data.get("accuracy_m"), "spot_check_entry_id": entry.id,
        "deadline": item.deadline.isoformat() if failed else None, **_client(data)},
        data.get("lat"), data.get("lon"))
    entry.result, entry.note = data["result"], (data.get("note") or "").strip() or None
    entry.distance_m, entry.rechecked_by, entry.rechecked_at = \
        outcome.distance_m, user.id, utcnow()
    entry.event_seq = ev.seq
    integrity.check_photos(item, photos, "recheck", data.get("lat"), data.get("lon"),
                           data.get("client_at") or utcnow())
    evidence.attach(item, photos, "recheck", event_seq=ev.seq)
    return item


def _lock_in_order(*item_ids: int) -> None:
    """Lock several items in id order, as the batch intake does, so neither waits on the
    other in a circle."""
    db.session.execute(select(Item.id).where(Item.id.in_(item_ids)).order_by(Item.id)
                       .with_for_update())


def merge(user: User, item_id: int, data: dict) -> Item:
    """Office merges a new item into a surviving open item; returns the survivor."""
    _lock_in_order(item_id, data["into_item_id"])
    item = load_item(user, item_id, lock=True, to_act=True)
    survivor = load_item(user, data["into_item_id"], lock=True, to_act=True)
    outcome = _check(item, "merge", user, ActionRequest(into=_facts(survivor)))
    moved = [r.id for r in item.reports]
    db.session.execute(Report.__table__.update().where(Report.item_id == item.id)
                       .values(item_id=survivor.id))
    db.session.execute(Attachment.__table__.update().where(Attachment.item_id == item.id)
                       .values(item_id=survivor.id))
    survivor.report_count += item.report_count
    item.report_count, item.merged_into_id = 0, survivor.id
    _move(item, "merge", user, outcome, {"into_item_id": survivor.id, "reports": moved,
                                         "note": data.get("note")})
    audit.record(survivor, "absorb", user.id, survivor.status,
                 {"from_item_id": item.id, "reports": moved})
    db.session.expire(item, ["reports"])
    return survivor


def split(user: User, item_id: int, data: dict) -> Item:
    """Office splits one report out of an item into a new item; returns the new item."""
    item = load_item(user, item_id, lock=True, to_act=True)
    report = db.session.get(Report, data["report_id"])
    outcome = _check(item, "split", user, ActionRequest(
        report_id=data["report_id"], report_item_id=report.item_id if report else None))
    new = Item(status="new", category=report.category, area_id=report.area_id,
               township_id=item.township_id, description=report.description,
               severity=report.severity, lat=report.lat, lon=report.lon,
               accuracy_m=report.accuracy_m, reporter_id=report.reporter_id, report_count=1,
               cell=merging.cell_for(report.lat, report.lon))
    db.session.add(new)
    db.session.flush()
    report.item_id = new.id
    db.session.execute(Attachment.__table__.update().where(Attachment.report_id == report.id)
                       .values(item_id=new.id))
    item.report_count -= 1
    _move(item, "split", user, outcome, {"report_id": report.id, "new_item_id": new.id,
                                         "note": data.get("note")})
    audit.record(new, "create", user.id, None, {"split_from": item.id, "report_id": report.id})
    db.session.expire(item, ["reports"])
    return new


def _client(data: dict) -> dict:
    """The phone's own time and mutation id, kept beside the server's."""
    out = {}
    if data.get("client_at"):
        out["client_at"] = data["client_at"].isoformat()
    if data.get("mutation_id"):
        out["mutation_id"] = data["mutation_id"]
    return out


OPERATIONS = {"assign": assign, "reject": reject, "long_term": long_term,
              "rectified": rectified, "verify": verify, "merge": merge, "split": split,
              "recheck": recheck, "reschedule": reschedule}


def bulk(user: User, action: str, item_ids: list[int], data: dict) -> list[dict]:
    """Apply one action to many items; each succeeds or fails alone (a savepoint each).

    A deadline shared by all of them that the rule refuses refuses the whole request."""
    if action == "assign":
        check_deadline(_deadline(data), _rules(), required=True)
    results = []
    for item_id in dict.fromkeys(item_ids):
        try:
            with db.session.begin_nested():
                item = OPERATIONS[action](user, item_id, data)
            results.append({"item_id": item_id, "status": "applied", "item_status": item.status})
        except (DomainError, ApiError) as exc:
            results.append({"item_id": item_id, "status": "rejected",
                            "error": error_body(exc.code, exc.details)["error"]})
    return results
