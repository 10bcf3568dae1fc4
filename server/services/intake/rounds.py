"""Writing a planned batch in rounds, the last one a report at a time under the lock.

The rows of a batch are written before the chain head is locked, so the lock is held for
the events only. Two things can move under a plan meanwhile: a stored item it joins is
closed or merged (its reports are decided again), or another batch commits an item a
report opening one should join (the second look under the lock finds it). Either sends
the rows round again, in a savepoint. A batch still moving after WRITE_ROUNDS - 1 rounds
is written one report at a time with the chain head locked first: each report is planned
after the lock, so it sees everything others committed, and nothing it weighs can
change before the commit. Round exhaustion never silently makes two items of a problem.
"""

from collections.abc import Callable

from server.extensions import db
from server.services import audit
from server.services.intake.plan import Plan, plan
from server.services.intake.writer import BatchWriter, Recorded
from sync.errors import DomainError

WRITE_ROUNDS = 4


class Stale(Exception):
    """The ledger kept moving under a report even with the chain head locked."""


def write(user_id: int, planned: Plan,
          settle: Callable[[list], None] | None = None) -> list[Recorded | DomainError]:
    """Write a plan in the current transaction; one answer per entry, in order.

    `settle`, if given, is called with the answers once the rows are written (it is
    undone and called again if the rows are rewritten). Commit right after: the chain
    head stays locked from the events to the commit. Raises Stale only if a report could
    not be written even alone under the lock.
    """
    writer = BatchWriter(user_id, planned.entries)
    for _ in range(WRITE_ROUNDS - 1):
        outcomes = _round(writer, planned, settle)
        if outcomes is not None:
            return outcomes
    return _one_at_a_time(user_id, planned, settle)


def _round(writer: BatchWriter, planned: Plan,
           settle: Callable[[list], None] | None) -> list | None:
    """One attempt in a savepoint; the answers, or None when the rows must be rewritten."""
    attempt = db.session.begin_nested()
    report_ids = writer.write_rows()
    if report_ids is None:  # an item it joins was closed or merged meanwhile
        attempt.rollback()
        writer.redirect_gone()
        return None
    outcomes = _outcomes(writer, planned, report_ids)
    if settle:
        settle(outcomes)
    if not writer.entries:
        attempt.commit()
        return outcomes
    # Every other writer of events now waits for this commit, so the second look
    # below sees every item committed before it, and later batches will see these.
    chain = audit.reserve(len(writer.entries))
    if writer.reconsider(planned.seen_seq):
        attempt.rollback()  # a report now joins a stored item: write the rows again
        return None
    attempt.commit()
    audit.append(writer.events(report_ids), chain)
    return outcomes


def _one_at_a_time(user_id: int, planned: Plan,
                   settle: Callable[[list], None] | None) -> list[Recorded | DomainError]:
    """The last round: lock the chain head, then plan and write each report alone."""
    audit.reserve(0)  # held to the commit: no item others commit from here is missed
    outcomes = [_alone(user_id, plan(user_id, [(e.client_id, e.data)]))
                for e in planned.entries]
    if settle:
        settle(outcomes)
    return outcomes


def _alone(user_id: int, single: Plan) -> Recorded | DomainError:
    """Write a one-report plan made under the lock (one round, as nothing can move)."""
    writer = BatchWriter(user_id, single.entries)
    for _ in range(WRITE_ROUNDS):
        outcomes = _round(writer, single, None)
        if outcomes is not None:
            return outcomes[0]
    raise Stale()


def _outcomes(writer: BatchWriter, planned: Plan, report_ids: list[int]) -> list:
    """One answer per planned report: where it went, or why it was refused."""
    recorded = iter(Recorded(rid, writer.id_of(e.key), tuple(e.pending))
                    for e, rid in zip(writer.entries, report_ids, strict=True))
    return [e.error if e.error is not None else next(recorded) for e in planned.entries]
