"""Applying pushed mutations exactly once.

The mutation's id is its idempotency key: its row is stored in the same transaction as
its effect, so a resend of the same id (later, or racing the first on another connection)
finds that row and gets the first result back as `duplicate`. Apart from `needs_photos`
(nothing stored, try again later), every answer is stored.

Reports (`report.create`, most of a push) are recorded a run at a time by
services.intake: checked and decided in a read-only transaction, then written in one
transaction that first claims the run's mutation rows; a twin stored in between sends the
run round again without it. Each report is still all or nothing, and a rejected one
stores only its rejection. Check-ins and item actions are applied one per transaction
(sync_apply), and so are the reports of a run that fails for the data's sake (a value the
database refuses): the bad one is rejected alone and the others are applied.
"""

from flask import current_app
from sqlalchemy import bindparam, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from server.db_setup import reading
from server.errors import ApiError
from server.extensions import db
from server.models import Mutation
from server.models.types import utcnow
from server.services import evidence, intake
from server.services.sync_apply import (
    TRANSIENT,
    apply_one,
    is_data_error,
    pause,
    rejected,
    stored,
    stored_many,
)
from sync import hostile
from sync.errors import DomainError
from sync.protocol import parse_mutation, photos_of

_MUTATIONS = Mutation.__table__
CLAIM_ROUNDS = 3


# --------------------------------------------------------------- a run of reports


def _claim(user_id: int, device_id: str, envs: list[dict]) -> bool:
    """Insert the run's mutation rows as pending (in id order); True if every one was
    taken. An id stored by someone else meanwhile is skipped (its row waits for that
    transaction first), and the run must go round again. Rows of others are settled
    before they commit, so every pending row this transaction sees is its own."""
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(_MUTATIONS).on_conflict_do_nothing(index_elements=["id"])
    now = utcnow()
    rows = [{"id": e["id"], "user_id": user_id, "device_id": device_id, "type": e["type"],
             "client_at": e["at"], "received_at": now, "status": "pending", "result": {}}
            for e in sorted(envs, key=lambda e: e["id"])]
    db.session.execute(stmt, rows)
    taken = db.session.execute(select(func.count()).select_from(_MUTATIONS).where(
        _MUTATIONS.c.id.in_([r["id"] for r in rows]), _MUTATIONS.c.status == "pending"))
    return taken.scalar_one() == len(rows)


def _settle(envs: list[dict], outcomes: list) -> list[dict]:
    """Store each claimed mutation's outcome; returns the answers."""
    answers, rows = [], []
    for env, outcome in zip(envs, outcomes, strict=True):
        if isinstance(outcome, DomainError):
            answer = rejected(env["id"], outcome.code, outcome.details)
            status, result = "rejected", {"error": answer["error"]}
        else:
            result = intake.report_result(outcome)
            status, answer = "applied", {"id": env["id"], "status": "applied", **result}
        answers.append(answer)
        rows.append({"b_id": env["id"], "b_status": status, "b_result": result})
    db.session.execute(_MUTATIONS.update().where(_MUTATIONS.c.id == bindparam("b_id"))
                       .values(status=bindparam("b_status"), result=bindparam("b_result")),
                       rows)
    return answers


def _write_run(user, device_id: str,
               run: list[tuple[dict, dict]]) -> tuple[list | None, dict]:
    """One round: plan, claim, write, commit. Returns (answers or None, twins found)."""
    with reading(db.session):
        planned = intake.plan(user.id, [(env["id"], payload) for env, payload in run])
    envs = [env for env, _ in run]
    if not _claim(user.id, device_id, envs):
        db.session.rollback()
        return None, stored_many([e["id"] for e in envs], user)
    answers: list[dict] = []

    def settle(outcomes: list) -> None:
        answers[:] = _settle(envs, outcomes)  # again if the rows are written again

    intake.write(user.id, planned, settle)
    db.session.commit()
    return answers, {}


def push_reports(user, device_id: str, run: list[tuple[dict, dict]]) -> list[dict]:
    """Record a run of valid report mutations, mostly in one transaction; answers in order.

    A deadlock or lock timeout sends the run round again; a run that cannot be written
    together (a value the database refuses, a key taken under the plan) is recorded one
    report at a time, so only the report at fault is rejected.
    """
    answers: dict[str, dict] = {}
    pending = run
    for attempt in range(CLAIM_ROUNDS):
        if not pending:
            break
        try:
            written, twins = _write_run(user, device_id, pending)
        except TRANSIENT:
            db.session.rollback()  # a deadlock or lock timeout: try the run again
            pause(attempt)
            continue
        except Exception as exc:
            db.session.rollback()
            if isinstance(exc, IntegrityError) or is_data_error(exc):
                break  # record them one by one below
            raise
        if written is not None:
            answers.update((a["id"], a) for a in written)
            pending = []
        answers.update(twins)
        pending = [(env, p) for env, p in pending if env["id"] not in answers]
    for env, payload in pending:
        answers[env["id"]] = apply_one(user, device_id, env, payload)
    return [answers[env["id"]] for env, _ in run]


# --------------------------------------------------------------- the push


def _parse(raw, now) -> tuple[dict | None, dict | None, dict | None]:
    """(envelope, payload, None) for a valid mutation, or (None, None, rejection)."""
    mid = raw.get("id") if isinstance(raw, dict) and isinstance(raw.get("id"), str) else None
    mid = None if mid is None else hostile.scrub(mid[:100])  # echoed back: make it sendable
    try:
        env, payload = parse_mutation(raw if isinstance(raw, dict) else {}, now)
    except DomainError as exc:
        return None, None, rejected(mid, exc.code, exc.details)
    return env, payload, None


def _first_look(user, raws: list) -> tuple[list, dict, set]:
    """Parse the batch, and find what is already stored and which photos are missing."""
    parsed = [_parse(raw, utcnow()) for raw in raws]
    valid = [(env, payload) for env, payload, _ in parsed if env is not None]
    known = stored_many([env["id"] for env, _ in valid], user)
    missing = set(evidence.missing_photos(s for _, p in valid for s in photos_of(p)))
    return parsed, known, missing


def push(user, device_id: str, raws: list) -> list[dict]:
    """Apply a batch in order; one result per mutation."""
    if len(raws) > current_app.config["PUSH_MAX_MUTATIONS"]:
        raise ApiError("too_many_mutations", {"max": current_app.config["PUSH_MAX_MUTATIONS"]})
    with reading(db.session):
        parsed, known, missing = _first_look(user, raws)
    results: list[dict | None] = [None] * len(raws)
    run: list[tuple[int, dict, dict]] = []
    first: dict[str, int] = {}

    def flush_run():
        if not run:
            return
        answers = push_reports(user, device_id, [(env, p) for _, env, p in run])
        for (i, _, _), answer in zip(run, answers, strict=True):
            results[i] = answer
        run.clear()

    for i, (env, payload, rejection) in enumerate(parsed):
        if rejection is not None or env["id"] in known or env["id"] in first:
            results[i] = rejection or known.get(env["id"])
            continue
        first[env["id"]] = i
        lacking = [s for s in dict.fromkeys(photos_of(payload)) if s in missing]
        if lacking and env["type"] != "report.create":  # a report's text goes first
            results[i] = {"id": env["id"], "status": "needs_photos", "missing": lacking}
        elif env["type"] == "report.create":
            run.append((i, env, payload))
        else:
            flush_run()
            results[i] = apply_one(user, device_id, env, payload)
    flush_run()
    return [r if r is not None else _repeat(results[first[parsed[i][0]["id"]]], user)
            for i, r in enumerate(results)]


def _repeat(first_answer: dict, user) -> dict:
    """The answer to a mutation sent twice in one push: the first one's, as a duplicate."""
    with reading(db.session):
        return stored(first_answer["id"], user) or first_answer
