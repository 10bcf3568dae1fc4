"""Applying one pushed mutation in a transaction of its own, whatever goes wrong.

Check-ins and item actions always come this way, and reports whose batch could not be
written together (sync_push). The promise: one bad mutation never blocks a push. A
refusal by the rules, or a value the database refuses (a NUL PostgreSQL cannot store,
text that is not Unicode, a number out of range), is stored as the mutation's rejection,
so a resend gets the same answer; a deadlock or lock timeout is the database's moment,
not the data's fault: it is retried, never stored, and if it persists the rest of the
push is refused as 429 busy with Retry-After, which the phone sends again later.
"""

import logging
import time

from sqlalchemy import select
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, OperationalError, StatementError

from server.errors import ApiError, error_body
from server.extensions import db
from server.models import Mutation
from server.services import checkins, intake, ledger, project_verify, projects_progress
from sync.errors import DomainError

log = logging.getLogger(__name__)
APPLY_ROUNDS = 3
TRANSIENT = (OperationalError, intake.Stale)  # the moment's fault: try again
BUSY = "busy"  # the push's answer when TRANSIENT persists (429 + Retry-After: send again)
RETRY_AFTER_S = 2
REFUSED = {"reason": "value refused by the database"}  # constant: always storable


# What a driver raises for a value it cannot send (SQLite: a lone surrogate, an integer
# beyond 64 bits); a ValueError of our own code is a bug, not the data's fault.
_DRIVER_VALUE_FAULTS = (UnicodeEncodeError, OverflowError)


def is_data_error(exc: BaseException) -> bool:
    """True if writing failed because of the values written, not of the moment."""
    if isinstance(exc, DataError):
        return True
    if isinstance(exc, StatementError) and not isinstance(exc, DBAPIError):
        exc = exc.orig
    return isinstance(exc, _DRIVER_VALUE_FAULTS)


def busy() -> ApiError:
    """The push refused as a whole because the database stayed locked; retry later."""
    return ApiError(BUSY, {"reason": "database busy"},
                    headers={"Retry-After": str(RETRY_AFTER_S)})


def pause(attempt: int) -> None:
    """A short, growing wait before trying a transient failure again."""
    time.sleep(0.05 * (attempt + 1))


def _checkin(user, env, payload):
    visit = checkins.check_in(user, {**payload, "client_at": env["at"]}, client_id=env["id"])
    return {"visit_id": visit.id, "outside_area": visit.outside_area,
            "distance_m": visit.distance_m, "assigned": visit.assigned,
            "counts": visit.counts, "late": visit.late}


def _item_action(action):
    def apply(user, env, payload):
        data = {**payload, "client_at": env["at"], "mutation_id": env["id"]}
        item = ledger.OPERATIONS[action](user, payload["item_id"], data)
        return {"item_id": item.id, "item_status": item.status}
    return apply


def _progress(user, env, payload):
    row = projects_progress.post_progress(user, payload["project_id"], payload,
                                          client_id=env["id"])
    return {"project_id": row.project_id, "progress_id": row.id, "percent": row.percent,
            "investment_done_wan": float(row.investment_done_wan)}


def _project_verify(user, env, payload):
    row = project_verify.verify(user, payload["project_id"], {**payload, "client_at": env["at"]},
                                client_id=env["id"])
    return {"project_id": row.project_id, "verification_id": row.id,
            "project_status": row.to_status}


APPLY = {"visit.checkin": _checkin, "item.rectified": _item_action("rectified"),
         "item.verify": _item_action("verify"), "item.recheck": _item_action("recheck"),
         "project.progress": _progress, "project.verify": _project_verify}


def error(code: str, details: dict | None = None) -> dict:
    """A rejected result's error body: the one error shape, as every 4xx answer has it."""
    return error_body(code, details)["error"]


def rejected(mutation_id, code: str, details: dict | None = None) -> dict:
    """The answer to a mutation that is refused."""
    return {"id": mutation_id, "status": "rejected", "error": error(code, details)}


def stored(mutation_id: str, user) -> dict | None:
    """The first result of a mutation already received, as a duplicate."""
    row = db.session.get(Mutation, mutation_id)
    return None if row is None else _as_duplicate(row, mutation_id, user)


def stored_many(ids, user) -> dict[str, dict]:
    """The first results of the mutations among `ids` already received (one query)."""
    ids = list(set(ids))
    rows = db.session.execute(select(Mutation).where(Mutation.id.in_(ids))).scalars() \
        if ids else ()
    return {row.id: _as_duplicate(row, row.id, user) for row in rows}


def _as_duplicate(row: Mutation, mutation_id: str, user) -> dict:
    """A stored outcome as the answer to a re-sent mutation."""
    if row.user_id != user.id:
        return rejected(mutation_id, "conflict", {"reason": "mutation id already used"})
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
        return stored(env["id"], user)
    return None


def _apply(user, env, payload) -> dict:
    """Apply one valid mutation in the current transaction; returns its result."""
    if env["type"] == "report.create":
        return intake.report_result(
            intake.create_report(user, payload, client_id=env["id"]))
    return APPLY[env["type"]](user, env, payload)


def apply_one(user, device_id: str, env: dict, payload: dict) -> dict:
    """Apply one parsed mutation in a transaction of its own and return its answer;
    a deadlock or lock timeout is tried again, then the push is refused as busy."""
    for attempt in range(APPLY_ROUNDS):
        try:
            return _apply_once(user, device_id, env, payload)
        except TRANSIENT:
            db.session.rollback()
            log.warning("mutation %s: database busy (attempt %d)", env["id"], attempt + 1)
            if attempt + 1 < APPLY_ROUNDS:
                pause(attempt)
    raise busy()


def _apply_once(user, device_id: str, env: dict, payload: dict) -> dict:
    """One attempt: the effect and its mutation row commit together, or a rejection."""
    row = Mutation(id=env["id"], user_id=user.id, device_id=device_id, type=env["type"],
                   client_at=env["at"], status="pending", result={})
    db.session.add(row)
    try:
        db.session.flush()
        result = _apply(user, env, payload)
        row.status, row.result = "applied", result
        db.session.commit()
        return {"id": env["id"], "status": "applied", **result}
    except IntegrityError:
        db.session.rollback()
        return stored(env["id"], user) or _reject(user, device_id, env, "conflict")
    except (DomainError, ApiError) as exc:
        db.session.rollback()
        return _reject(user, device_id, env, exc.code, exc.details)
    except Exception as exc:
        if not is_data_error(exc):
            raise
        db.session.rollback()
        log.warning("mutation %s refused by the database: %s", env["id"], type(exc).__name__)
        return _reject(user, device_id, env, "validation_failed", REFUSED)


def _reject(user, device_id, env, code, details=None) -> dict:
    """Store and answer a rejection (without its details if the database refuses them)."""
    answer = rejected(env["id"], code, details)
    try:
        twin = _record(user, device_id, env, "rejected", {"error": answer["error"]})
    except Exception as exc:
        if not details or not is_data_error(exc):
            raise
        db.session.rollback()
        return _reject(user, device_id, env, code)
    return twin or answer
