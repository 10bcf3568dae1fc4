"""Recording problem reports a batch at a time: the one code path of `report.create`.

A phone sends up to 200 mutations in a push, most of them reports. Deciding reports one
by one is cheap; writing them one by one is not (a dozen ORM flushes each). So a batch
is recorded in two steps: `plan` (intake.plan) only reads, checking each report and
deciding its merge, and on SQLite runs without the write lock; `write` (intake.writer)
writes the plan with one statement per table in the caller's transaction, in rounds
(intake.rounds) while the ledger moves under it.
sync_push drives both for a push; `create_report` is both for one report, for callers
inside a transaction of their own (the demo, tests).
"""

from server.services.intake.plan import Plan, Planned, plan
from server.services.intake.rounds import Stale, write
from server.services.intake.writer import Recorded
from sync.errors import DomainError

__all__ = ["Plan", "Planned", "Recorded", "Stale", "create_report", "plan", "report_result",
           "write"]


def create_report(user, data: dict, client_id: str | None = None) -> Recorded:
    """Record one report in the caller's transaction; raises when it cannot be recorded."""
    (outcome,) = write(user.id, plan(user.id, [(client_id, data)]))
    if isinstance(outcome, DomainError):
        raise outcome
    return outcome


def report_result(recorded: Recorded) -> dict:
    """The answer's fields for a recorded report; `photos_pending` names the photos it
    still waits for (text first, photos after), and is left out when there are none."""
    result = {"item_id": recorded.item_id, "report_id": recorded.id}
    if recorded.photos_pending:
        result["photos_pending"] = list(recorded.photos_pending)
    return result
