"""周抽查 on the server: drawing a week's sample of closed items and listing the draws.

The draw itself is `sync.spotcheck` (seeded, reproducible from what is stored); this
module finds the population in the office's scope, records the draw, gives each item to
a supervisor and appends a `sample` event to each item so the supervisors' phones pull
it. The re-check is a ledger transition (services.ledger.recheck).
"""

import secrets

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from server.errors import ApiError
from server.extensions import db
from server.models import Event, Item, SpotCheck, SpotCheckEntry, User
from server.reports.periods import parse_period, window
from server.services import audit
from server.services.scope import whole_items
from sync import spotcheck

RECENT = 20


def scope_key(user: User) -> str:
    """The scope a draw is made in: the whole county or one township."""
    return "all" if user.township_id is None else f"township:{user.township_id}"


def _population(user: User, week: str) -> list[int]:
    """Ids of the items closed in `week` (local dates) that `user` sees whole."""
    w = window(parse_period("week", week))
    return list(db.session.execute(
        select(Item.id).where(Item.status == "closed", Item.closed_at >= w.start_utc,
                              Item.closed_at < w.end_utc, whole_items(user))
        .order_by(Item.id)).scalars())


def _closers(item_ids: list[int]) -> dict[int, int | None]:
    """Who closed each item: the actor of its latest closing verification."""
    last = (select(Event.item_id, func.max(Event.seq).label("seq"))
            .where(Event.item_id.in_(item_ids), Event.action == "verify",
                   Event.to_state == "closed").group_by(Event.item_id).subquery())
    rows = db.session.execute(select(Event.item_id, Event.actor_id)
                              .join(last, Event.seq == last.c.seq))
    return {row.item_id: row.actor_id for row in rows}


def _candidates(item_ids: list[int]) -> dict[int, list[int]]:
    """The active supervisors who may re-check each item: those of its township and the
    county-wide ones."""
    people = [u for u in db.session.execute(select(User).where(User.active.is_(True)))
              .scalars() if "supervisor" in (u.roles or ())]
    towns = dict(db.session.execute(select(Item.id, Item.township_id)
                                    .where(Item.id.in_(item_ids))).all())
    return {i: [u.id for u in people if u.township_id in (None, towns.get(i))]
            for i in item_ids}


def _ensure_not_drawn(week: str, key: str) -> None:
    """One draw per week and scope: a second would let the office pick the sample it likes."""
    found = db.session.execute(select(SpotCheck.id).where(
        SpotCheck.week == week, SpotCheck.scope_key == key)).scalar()
    if found is not None:
        raise ApiError("already_drawn", {"spot_check_id": found, "week": week})


def draw(user: User, week: str, size: int, seed: int | None = None) -> SpotCheck:
    """Draw `size` of the items closed in `week` and give them to supervisors (`seed`: the
    demo's fixed one; otherwise a fresh random one)."""
    week = parse_period("week", week).key
    key = scope_key(user)
    _ensure_not_drawn(week, key)
    population = _population(user, week)
    if not population:
        raise ApiError("nothing_to_draw", {"week": week})
    seed = secrets.randbelow(2**31) if seed is None else seed
    sample = spotcheck.draw(population, size, seed)
    closers = _closers(sample)
    given = spotcheck.share_out(sample, _candidates(sample), closers)
    sc = SpotCheck(week=week, scope_key=key, township_id=user.township_id, seed=seed,
                   size=size, population=population, drawn_by=user.id)
    try:
        with db.session.begin_nested():
            db.session.add(sc)
            db.session.flush()
    except IntegrityError:
        _ensure_not_drawn(week, key)  # a concurrent draw of the same week won
        raise
    for position, item_id in enumerate(sample):
        item = db.session.get(Item, item_id)
        db.session.add(SpotCheckEntry(spot_check_id=sc.id, item_id=item_id, position=position,
                                      supervisor_id=given[item_id],
                                      closed_by=closers.get(item_id), closed_at=item.closed_at))
        audit.record(item, "sample", user.id, "closed",
                     {"spot_check_id": sc.id, "week": week,
                      "supervisor_id": given[item_id]})
    return sc


def pending_entry(item_id: int) -> SpotCheckEntry | None:
    """The re-check an item is waiting for, if any (the earliest drawn)."""
    return db.session.execute(
        select(SpotCheckEntry).where(SpotCheckEntry.item_id == item_id,
                                     SpotCheckEntry.result.is_(None))
        .order_by(SpotCheckEntry.id).limit(1)).scalar()


def visible_draws(user: User, week: str | None) -> list[SpotCheck]:
    """The draws of `week` (or the latest ones) that `user` sees: all of them county-wide,
    a township's own for a township-scoped user."""
    stmt = select(SpotCheck)
    if user.township_id is not None:
        stmt = stmt.where(SpotCheck.township_id == user.township_id)
    if week:
        stmt = stmt.where(SpotCheck.week == parse_period("week", week).key)
    return list(db.session.execute(
        stmt.order_by(SpotCheck.week.desc(), SpotCheck.id.desc()).limit(RECENT)).scalars())
