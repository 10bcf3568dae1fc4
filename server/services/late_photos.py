"""Photos that arrive after their report: text first, photos after.

On a weak link a report is recorded as soon as its text arrives, naming photos that are
not on the server yet (rows of `photos_pending`). Each photo, when it is stored (or when
its sender asks about one already stored, which covers a photo that arrived while the
report was being written), is attached to every report waiting for it: on that report's
item as it is now (the report may have been merged since), with the integrity checks a
photo gets at intake, and an event so that pulls and the item's history show it.
"""

from sqlalchemy import delete, select

from server.db_setup import reading
from server.extensions import db
from server.models import Attachment, Flag, Item, PendingPhoto, Photo, Report
from server.services import audit, integrity

_PHOTO = (Photo.sha256, Photo.exif_lat, Photo.exif_lon, Photo.exif_taken_at, Photo.phash,
          Photo.damaged)


def waiting(report_ids) -> dict[int, list[str]]:
    """The photos each of these reports still waits for, in the order they were named."""
    ids = list(report_ids)
    if not ids:
        return {}
    rows = db.session.execute(select(PendingPhoto.report_id, PendingPhoto.photo_sha)
                              .where(PendingPhoto.report_id.in_(ids))
                              .order_by(PendingPhoto.id))
    out: dict[int, list[str]] = {}
    for report_id, sha in rows:
        out.setdefault(report_id, []).append(sha)
    return out


def _claim(sha: str) -> list[int]:
    """Delete the rows waiting for `sha` and return their reports; a concurrent arrival of
    the same photo finds them gone, so each report gets the photo once."""
    stmt = (delete(PendingPhoto).where(PendingPhoto.photo_sha == sha)
            .returning(PendingPhoto.report_id))
    return sorted(set(db.session.execute(stmt).scalars()))


def _attach(report: Report, item: Item, photo, actor_id: int | None) -> None:
    """Attach one arrived photo to a report's item, with its flags and an event."""
    db.session.add(Attachment(item_id=item.id, report_id=report.id, photo_sha=photo.sha256,
                              kind="before"))
    for flag in integrity.photo_flags(item.id, [photo], "before", report.lat, report.lon,
                                      report.captured_at):
        db.session.add(Flag(item_id=item.id, **flag))
    audit.record(item, "photo", actor_id, item.status,
                 {"report_id": report.id, "photos": [photo.sha256]})


def attach_arrived(sha: str, actor_id: int | None) -> int:
    """Attach a stored photo to every report waiting for it, and commit; how many."""
    with reading(db.session):
        wanted = db.session.execute(select(PendingPhoto.id).where(
            PendingPhoto.photo_sha == sha).limit(1)).first() is not None
    if not wanted:
        return 0
    photo = db.session.execute(select(*_PHOTO).where(Photo.sha256 == sha)).first()
    report_ids = _claim(sha) if photo is not None else []
    for report_id in report_ids:
        report = db.session.get(Report, report_id)
        _attach(report, db.session.get(Item, report.item_id), photo, actor_id)
    db.session.commit()
    return len(report_ids)
