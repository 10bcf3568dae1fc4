"""What goes public (晒账单): the one rule, for the server's SQL and the pages alike.

An item is public once the office has accepted it (assigned, long-term, rectified or
closed) and has not withheld it (不公开); never while new, rejected or merged. Only the
before and after photos are shown, as re-encoded derivatives; never the verification
photos (residents stand in them) or signatures.
"""

from sync.workflow import ASSIGNED, CLOSED, LONG_TERM, RECTIFIED

PUBLIC_STATES = (ASSIGNED, LONG_TERM, RECTIFIED, CLOSED)
PUBLIC_PHOTO_KINDS = ("before", "after")
RATINGS = ("satisfied", "basic", "unsatisfied")
FEEDBACK_MAX_CHARS = 500


def is_public(status: str, hidden: bool = False) -> bool:
    """True when an item in `status`, withheld or not, is on the public page (the SQL twin
    is server.services.publication.public_clause, tested against this)."""
    return status in PUBLIC_STATES and not hidden


def why_not_public(status: str, hidden: bool = False) -> str | None:
    """Why an item is not public: `not_accepted` (new, rejected or merged), `hidden` (the
    office withheld it), or None when it is public."""
    if status not in PUBLIC_STATES:
        return "not_accepted"
    return "hidden" if hidden else None
