"""我的上报 on any phone: a cadre's own reports, from the server.

A phone lists what it made itself until it syncs; a second phone, or the same phone after
logging out, gets the list from here. `client_id` is the phone's mutation id, so a phone
can tell its own records apart from the server's copy of them.
"""

from sqlalchemy import func, select

from server.extensions import db
from server.models import Attachment, Report
from server.services import late_photos

_COLUMNS = ("id", "client_id", "item_id", "category", "description", "area_id", "severity",
            "lat", "lon", "accuracy_m", "captured_at", "received_at")


def _photos(report_ids: list[int]) -> dict[int, list[str]]:
    """The photos attached to each report, in the order they were attached."""
    out: dict[int, list[str]] = {}
    if report_ids:
        rows = db.session.execute(select(Attachment.report_id, Attachment.photo_sha)
                                  .where(Attachment.report_id.in_(report_ids))
                                  .order_by(Attachment.id))
        for report_id, sha in rows:
            out.setdefault(report_id, []).append(sha)
    return out


def page_of(user_id: int, page: int, per_page: int) -> dict:
    """One page of the user's reports, newest first, with their photos."""
    mine = Report.reporter_id == user_id
    total = db.session.execute(select(func.count()).select_from(Report).where(mine)).scalar()
    reports = db.session.execute(select(Report).where(mine).order_by(Report.id.desc())
                                 .offset((page - 1) * per_page).limit(per_page)).scalars().all()
    ids = [r.id for r in reports]
    photos, coming = _photos(ids), late_photos.waiting(ids)
    rows = [{**{c: getattr(r, c) for c in _COLUMNS}, "photos": photos.get(r.id, []),
             "photos_pending": coming.get(r.id, [])} for r in reports]
    return {"reports": rows, "total": total, "page": page, "per_page": per_page}
