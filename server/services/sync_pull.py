"""Pull: the items in a user's scope changed after a cursor, in pages.

The cursor is an item's `change_seq`, the sequence number of its latest event.
Events take numbers under the chain-head lock, so numbers appear in commit order
and a phone that pulls from its last cursor never misses a change. The cursor is
stored data, so it survives server restarts. An item the user sees only as one of its
reporters comes as such a reporter sees it (server/services/scope.py).
"""

from sqlalchemy import select

from server.extensions import db
from server.models import Item
from server.services.queries import summarise
from server.services.scope import visible_items


def pull(user, cursor: int, limit: int) -> dict:
    """Items changed after `cursor`, oldest change first, at most `limit` of them."""
    rows = db.session.execute(
        select(Item).where(Item.change_seq > cursor, visible_items(user))
        .order_by(Item.change_seq).limit(limit + 1)).scalars().all()
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = rows[-1].change_seq if rows else cursor
    return {"cursor": next_cursor, "more": more, "items": summarise(rows, user)}
