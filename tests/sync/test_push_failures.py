"""One bad mutation never blocks a push, whatever fails: the data, the moment, the rounds.

A value the database refuses (text that is not Unicode, a NUL PostgreSQL cannot store) is
that mutation's stored rejection while the rest of the batch is applied; a lock the push
cannot get is retried (test_push_locks); a batch whose ledger moves under it in every write
round is written one report at a time under the chain head, never as two items. Every
case runs on the real databases, through the real HTTP push where it can.
"""

import threading
import uuid
from contextlib import contextmanager

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from server.db_setup import READ_ONLY
from server.extensions import db
from server.models import Item, Mutation, Report, User, Visit
from server.models.types import utcnow
from server.services import audit, ledger, sync_apply, sync_push
from server.services.intake import rounds
from sync.protocol import parse_mutation
from tests.factories import AREA_LAT, AREA_LON, now_iso
from tests.sync.conftest import report_mutation
from tests.sync.pushing import answers as _answers
from tests.sync.pushing import post as _post
from tests.sync.pushing import statuses as _statuses

SURROGATE, NUL = "井盖\ud83d缺失", "井盖\u0000缺失"
SPOT = (AREA_LAT + 0.0011, AREA_LON - 0.0013)


def _checkin(org, **payload) -> dict:
    """A visit.checkin mutation in 郭老庄."""
    body = {"area_id": org.areas["郭老庄"], "lat": AREA_LAT, "lon": AREA_LON, "accuracy_m": 5.0}
    return {"id": str(uuid.uuid4()), "type": "visit.checkin", "at": now_iso(),
            "payload": {**body, **payload}}


def _parsed(raw: dict, **bad) -> tuple[dict, dict]:
    """A mutation as the push parses it, then given values the database refuses (so the
    write path is tested whatever validation catches earlier)."""
    env, payload = parse_mutation(raw, utcnow())
    return env, {**payload, **bad}


def _refused(answer: dict) -> bool:
    """A rejection as validation_failed, first time or resent."""
    first = answer.get("first_status", answer["status"])
    return first == "rejected" and answer["error"]["code"] == "validation_failed"


# --------------------------------------------------------------- values the database refuses


@pytest.mark.parametrize("where", ["description", "note"])
def test_a_lone_surrogate_in_a_push_rejects_that_mutation_alone(app, org, client, auth, where):
    h = auth("cadre")
    batch = [report_mutation(org), _checkin(org, note=SURROGATE if where == "note" else "到"),
             report_mutation(org, description=SURROGATE if where == "description" else "路灯"),
             report_mutation(org, description="路面坑洼积水")]
    bad = 1 if where == "note" else 2
    for attempt in ("first", "resend"):
        answers = _answers(_post(client, h, batch))
        assert _refused(answers[bad]), answers[bad]
        good = ["applied" if attempt == "first" else "duplicate"] * 3
        assert [s for i, s in enumerate(_statuses(answers)) if i != bad] == good
    with app.app_context():
        assert db.session.query(Report).count() == (3 if where == "note" else 2)
        assert db.session.query(Visit).count() == (0 if where == "note" else 1)
        assert audit.verify_chain() is None


@pytest.mark.parametrize("kind", ["surrogate", "refused"])
def test_a_report_the_database_refuses_fails_alone_in_its_run(app, org, backend, kind):
    """The run is written together, fails, and is recorded one report at a time: only the
    refused report is rejected (stored, so a resend answers the same)."""
    bad = {"description": SURROGATE} if kind == "surrogate" else _refused_by(backend)
    with app.app_context():
        user = db.session.get(User, org.users["cadre"])
        run = [_parsed(report_mutation(org)), _parsed(report_mutation(org), **bad),
               _parsed(report_mutation(org)), _parsed(report_mutation(org))]
        first = sync_push.push_reports(user, "p", run)
        assert _statuses(first) == ["applied", "rejected", "applied", "applied"]
        assert first[1]["error"]["details"] == sync_apply.REFUSED
        again = sync_push.push_reports(user, "p", run)
        assert _statuses(again) == ["duplicate"] * 4
        assert again[1]["first_status"] == "rejected" and _refused(again[1])
        row = db.session.get(Mutation, run[1][0]["id"])
        assert (row.status, row.result["error"]["code"]) == ("rejected", "validation_failed")
        assert db.session.query(Report).count() == 3 and audit.verify_chain() is None


def _refused_by(backend, checkin=False) -> dict:
    """A value each database refuses on its own: PostgreSQL a NUL in text; SQLite (which
    keeps a NUL) an id wider than 64 bits, or for a check-in a lone low surrogate."""
    if backend == "postgresql":
        return {"note": NUL} if checkin else {"description": NUL}
    return {"note": "签到\udc00"} if checkin else {"visit_id": 2**70}


@pytest.mark.parametrize("kind", ["surrogate", "refused"])
def test_a_checkin_the_database_refuses_is_a_remembered_rejection(app, org, backend, kind):
    bad = {"note": SURROGATE} if kind == "surrogate" else _refused_by(backend, checkin=True)
    with app.app_context():
        user = db.session.get(User, org.users["cadre"])
        env, payload = _parsed(_checkin(org), **bad)
        first = sync_apply.apply_one(user, "p", env, payload)
        again = sync_push.push(user, "p", [_checkin(org) | {"id": env["id"]}])[0]
        assert first["status"] == "rejected" and _refused(first)
        assert again["status"] == "duplicate" and _refused(again)
        assert db.session.query(Visit).count() == 0


# --------------------------------------------------------------- the ledger moving under a batch


def _same_problem(org, text="郭老庄村口窨井盖缺失，晚上容易踩空", dlat=0.0):
    """A report of one manhole problem at SPOT."""
    return report_mutation(org, lat=SPOT[0] + dlat, lon=SPOT[1], description=text)


@contextmanager
def _when_the_push_writes(app, action, reads_first=2):
    """Run `action` committed on another connection as this thread's push ends its
    `reads_first`-th read-only transaction (its first look, then its plan): the ledger
    changes between the plan and the write. A read holds no lock, so the other
    connection can commit (on SQLite too)."""
    me, seen, done = threading.get_ident(), [], []

    def hook(conn):
        if threading.get_ident() != me or done or not conn.get_execution_options().get(READ_ONLY):
            return
        seen.append(1)
        if len(seen) == reads_first:
            done.append(_run_elsewhere(app, action))

    event.listen(Engine, "rollback", hook)
    try:
        yield done
    finally:
        event.remove(Engine, "rollback", hook)
    assert done == [None], done


def _run_elsewhere(app, action):
    """Run `action` and commit in a thread of its own; the exception, or None."""
    errors = []

    def run():
        with app.app_context():
            try:
                action()
                db.session.commit()
            except Exception as exc:  # noqa: BLE001  (returned)
                errors.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(30)
    return errors[0] if errors else "still running" if thread.is_alive() else None


def test_a_twin_committed_under_the_last_round_still_makes_one_item(app, org, client, auth,
                                                                    push, monkeypatch):
    """With one write round the batch goes straight to one report at a time under the
    lock, which still finds the twin another phone committed after the plan."""
    monkeypatch.setattr(rounds, "WRITE_ROUNDS", 1)
    theirs = _same_problem(org, "郭老庄村口井盖丢了，夜里踩空危险", dlat=-0.00003)
    mine = [_same_problem(org), _same_problem(org, "村口井盖没了，有个黑窟窿", dlat=0.00003)]
    theirs_answer = []
    with _when_the_push_writes(app, lambda: theirs_answer.extend(push([theirs]))):
        answers = _answers(_post(client, auth("cadre"), mine))
    assert _statuses(theirs_answer + answers) == ["applied"] * 3
    with app.app_context():
        (item,) = db.session.query(Item).all()
        assert {a["item_id"] for a in answers} == {item.id} and item.report_count == 3
        assert audit.verify_chain() is None


def test_an_item_closing_under_every_round_is_decided_again(app, org, client, auth, push,
                                                            monkeypatch):
    """The item the batch joins is rejected after the plan, and no round is left: the
    report is planned again under the lock and opens an item of its own."""
    monkeypatch.setattr(rounds, "WRITE_ROUNDS", 1)
    x = push([_same_problem(org)])[0]["item_id"]

    def reject_x():
        office = db.session.get(User, org.users["office"])
        ledger.reject(office, x, {"reason": "重复上报，已合并处理"})

    with _when_the_push_writes(app, reject_x):
        (answer,) = _answers(_post(client, auth("cadre"), [_same_problem(org, dlat=0.00003)]))
    assert answer["status"] == "applied" and answer["item_id"] != x
    with app.app_context():
        assert (db.session.get(Item, x).status, db.session.get(Item, x).report_count) == \
            ("rejected", 1)
        assert db.session.get(Item, answer["item_id"]).report_count == 1
        assert audit.verify_chain() is None


def test_stale_to_the_end_is_retried_then_refused_whole(app, org, client, auth, monkeypatch):
    """No write round at all: every report write is Stale. What was done is kept, the
    reports are not stored, the push says to come back; the resend then applies them."""
    h = auth("cadre")
    batch = [_checkin(org), report_mutation(org)]
    monkeypatch.setattr(rounds, "WRITE_ROUNDS", 0)
    resp = _post(client, h, batch)
    assert resp.status_code == 429 and resp.headers["Retry-After"]
    assert resp.get_json()["error"]["code"] == sync_apply.BUSY
    with app.app_context():
        assert db.session.query(Mutation).count() == 1 and db.session.query(Report).count() == 0
    monkeypatch.undo()
    assert _statuses(_answers(_post(client, h, batch))) == ["duplicate", "applied"]


def test_a_bug_of_our_own_is_not_stored_as_the_phones_fault(client, auth, org, monkeypatch):
    """A ValueError from our code (not from the driver) must not become a stored rejection
    that every resend would get back: the report must still arrive once the bug is gone."""
    batch = [report_mutation(org)]

    def broken(*args, **kwargs):
        raise ValueError("events do not match the reservation")

    monkeypatch.setattr(audit, "append", broken)
    assert _post(client, auth("cadre"), batch).status_code == 500  # a bug, said as one
    monkeypatch.undo()
    assert _statuses(_answers(_post(client, auth("cadre"), batch))) == ["applied"]
