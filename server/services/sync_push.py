"""Applying pushed mutations exactly once, each in its own transaction.

The mutation's id is its idempotency key: its row is inserted first, so a
concurrent resend of the same id waits on the primary key and then finds the
first result. Apart from `needs_photos` (nothing stored, try again later), every
answer is stored and a resend gets it back as `duplicate`.
"""

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from server.errors import CATALOGUE, ApiError
from server.extensions import db
from server.models import Mutation
from server.models.types import utcnow
from server.services import evidence, ledger, reports
from sync.errors import DomainError
from sync.protocol import parse_mutation, photos_of


def _checkin(user, env, payload):
    visit = reports.check_in(user, {**payload, "client_at": env["at"]}, client_id=env["id"])
    return {"visit_id": visit.id, "outside_area": visit.outside_area}


def _report(user, env, payload):
    report = reports.create_report(user, payload, client_id=env["id"])
    return {"item_id": report.item_id, "report_id": report.id}


def _item_action(action):
    def apply(user, env, payload):
        data = {**payload, "client_at": env["at"], "mutation_id": env["id"]}
        item = ledger.OPERATIONS[action](user, payload["item_id"], data)
        return {"item_id": item.id, "item_status": item.status}
    return apply


APPLY = {"visit.checkin": _checkin, "report.create": _report,
         "item.rectified": _item_action("rectified"), "item.verify": _item_action("verify")}


def _error(code: str, message: str | None = None, details: dict | None = None) -> dict:
    """A rejected result's error body."""
    text = CATALOGUE.get(code, (0, message or code))[1]
    return {"code": code, "message": text, "details": details or {}}


def _stored(mutation_id: str, user) -> dict | None:
    """The first result of a mutation already received, as a duplicate."""
    row = db.session.get(Mutation, mutation_id)
    return None if row is None else _as_duplicate(row, mutation_id, user)


def _stored_many(raws: list, user) -> dict[str, dict]:
    """The first results of every mutation of a batch already received (one query)."""
    ids = list({raw["id"] for raw in raws
                if isinstance(raw, dict) and isinstance(raw.get("id"), str)})
    rows = db.session.execute(select(Mutation).where(Mutation.id.in_(ids))).scalars() \
        if ids else ()
    return {row.id: _as_duplicate(row, row.id, user) for row in rows}


def _as_duplicate(row: Mutation, mutation_id: str, user) -> dict:
    """A stored outcome as the answer to a re-sent mutation."""
    if row.user_id != user.id:
        return {"id": mutation_id, "status": "rejected",
                "error": _error("conflict", details={"reason": "mutation id already used"})}
    return {**row.result, "id": mutation_id, "status": "duplicate", "first_status": row.status}


def _record(user, device_id, env, status, result) -> dict | None:
    """Store the outcome row and commit; a concurrent twin makes this a duplicate."""
    db.session.add(Mutation(id=env["id"], user_id=user.id, device_id=device_id,
                            type=env["type"], client_at=env["at"], status=status,
                            result=result))
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return _stored(env["id"], user)
    return None


def apply_one(user, device_id: str, raw, known: dict[str, dict] | None = None) -> dict:
    """Apply one raw mutation and return its result; `known` holds the batch's results
    stored before it began (a twin arriving since is caught by the primary key)."""
    mid = raw.get("id") if isinstance(raw, dict) and isinstance(raw.get("id"), str) else None
    try:
        env, payload = parse_mutation(raw if isinstance(raw, dict) else {}, utcnow())
    except DomainError as exc:
        return {"id": mid, "status": "rejected", "error": _error(exc.code, details=exc.details)}
    previous = known.get(env["id"]) if known is not None else _stored(env["id"], user)
    if previous is not None:
        return previous
    missing = evidence.missing_photos(photos_of(payload))
    if missing:
        return {"id": env["id"], "status": "needs_photos", "missing": missing}
    row = Mutation(id=env["id"], user_id=user.id, device_id=device_id, type=env["type"],
                   client_at=env["at"], status="pending", result={})
    db.session.add(row)
    try:
        db.session.flush()
        result = APPLY[env["type"]](user, env, payload)
        row.status, row.result = "applied", result
        db.session.commit()
        return {"id": env["id"], "status": "applied", **result}
    except IntegrityError:
        db.session.rollback()
        return _stored(env["id"], user) or _reject(user, device_id, env, "conflict")
    except (DomainError, ApiError) as exc:
        db.session.rollback()
        return _reject(user, device_id, env, exc.code, exc.details)


def _reject(user, device_id, env, code, details=None) -> dict:
    """Store and answer a rejection."""
    error = _error(code, details=details)
    twin = _record(user, device_id, env, "rejected", {"error": error})
    return twin or {"id": env["id"], "status": "rejected", "error": error}


def push(user, device_id: str, mutations: list) -> list[dict]:
    """Apply a batch in order, one transaction each; one result per mutation."""
    if len(mutations) > current_app.config["PUSH_MAX_MUTATIONS"]:
        raise ApiError("too_many_mutations", {"max": current_app.config["PUSH_MAX_MUTATIONS"]})
    known = _stored_many(mutations, user)
    return [apply_one(user, device_id, raw, known) for raw in mutations]
