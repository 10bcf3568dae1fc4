"""What of a 民生实事 project goes public (晒账单): the one rule, for the server's SQL and the
public page alike.

Decisions (README, "民生实事 projects in public"):
- A project is public while the office has not withheld it (its `public` switch), in every
  status — planned ones too, progress or none: the list is announced when it is adopted
  ("定期向社会公布项目进展"), and a project that has not started by its 开工 date is exactly
  what residents should be able to see (its milestones show 滞后).
- The leader is shown only for a leader-led project (领导领办: a public office); for any
  other project the field is an internal note and stays inside.
- Progress texts are typed by a handler and may hold names or phone numbers: the public
  reads them through sync.redact, never as typed; nobody's name goes with an update.
- Photos: the progress photos only, as re-encoded derivatives; never the verification
  photos (residents stand in them) or signatures. A list row carries the latest few.
"""

from collections.abc import Iterable

from sync.projects import STATUSES

PUBLIC_PROJECT_STATES = STATUSES
LIST_PHOTOS = 4        # photos on a list row: the latest progress photos
PAGE_PHOTOS = 12       # photos at the head of a project's page
HISTORY_LIMIT = 100    # progress updates on a project's page, newest first


def is_public(public: bool, status: str) -> bool:
    """True when a project is on the public page (the SQL twin is
    server.services.public_projects.public_clause, tested against this)."""
    return bool(public) and status in PUBLIC_PROJECT_STATES


def shown_leader(leader_led: bool, leader: str | None) -> str | None:
    """The leader the public reads: only that of a leader-led project (a public office)."""
    name = (leader or "").strip()
    return name if leader_led and name else None


def latest_photos(updates: Iterable[Iterable[str]], limit: int = LIST_PHOTOS) -> list[str]:
    """The first `limit` distinct photos of progress updates given newest first, each
    update's photos in their own order."""
    out: list[str] = []
    for photos in updates:
        for sha in photos or ():
            if sha not in out:
                out.append(sha)
                if len(out) == limit:
                    return out
    return out
