"""Photos used as evidence: check they arrived, and attach them to items."""

from sqlalchemy import select

from server.extensions import db
from server.models import Attachment, Item, Photo
from sync.errors import DomainError


def missing_photos(shas) -> list[str]:
    """The hashes among `shas` that have not been uploaded completely."""
    wanted = list(dict.fromkeys(shas))
    if not wanted:
        return []
    have = set(db.session.execute(select(Photo.sha256).where(Photo.sha256.in_(wanted))).scalars())
    return [s for s in wanted if s not in have]


def require_photos(shas) -> None:
    """Refuse an operation whose photos are not all on the server yet."""
    missing = missing_photos(shas)
    if missing:
        raise DomainError("photos_missing", "photos must be uploaded first", {"missing": missing})


def attach(item: Item, shas, kind: str, report_id: int | None = None,
           event_seq: int | None = None) -> None:
    """Link photos to an item as evidence of the given kind."""
    for sha in dict.fromkeys(shas):
        db.session.add(Attachment(item_id=item.id, report_id=report_id, photo_sha=sha,
                                  kind=kind, event_seq=event_seq))
