"""Integrity flags: evidence that looks wrong is marked on the item, never dropped.

Checked when photos are attached and when a report or check-in is recorded:
EXIF position far from the phone's, EXIF time far from the capture time, a photo
(or a near-identical one) already used on another item, an after-photo equal to a
before-photo, a cut-short photo only partly decodable, and a report outside its
area's radius.
"""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import BigInteger, cast, func, literal, select
from sqlalchemy.dialects.postgresql import BIT

from server.extensions import db
from server.models import Attachment, Flag, Item, Photo
from server.photos import FLAT_HASH, NEAR_IDENTICAL_MAX_DISTANCE, to_signed64
from sync.geo import haversine_m


def _flag(kind: str, photo_sha: str | None = None, **details) -> dict:
    """One flag, as the row it will be (without its item)."""
    return {"kind": kind, "photo_sha": photo_sha, "details": details}


def _hamming(a, b):
    """SQL expression: bits differing between two stored 64-bit hashes."""
    if db.session.get_bind().dialect.name == "postgresql":
        return func.bit_count(cast(a.op("#")(b), BIT(64)))
    return func.hamming64(a, b)


def _exif_time_utc(taken: datetime) -> datetime:
    """EXIF times carry no zone: read them as the deployment's local time."""
    zone = ZoneInfo(current_app.config["TIMEZONE"])
    return taken.replace(tzinfo=zone).astimezone(UTC).replace(tzinfo=None)


def _position_and_time(photo, lat, lon, captured_at) -> list[dict]:
    """Flag a photo taken far from where, or long before/after when, it was recorded."""
    cfg, flags = current_app.config, []
    if photo.exif_lat is not None and lat is not None and lon is not None:
        distance = haversine_m(photo.exif_lat, photo.exif_lon, lat, lon)
        if distance > cfg["PHOTO_GPS_MAX_DISTANCE_M"]:
            flags.append(_flag("photo_gps_far", photo.sha256, distance_m=round(distance, 1),
                               max_m=cfg["PHOTO_GPS_MAX_DISTANCE_M"]))
    if photo.exif_taken_at is not None and captured_at is not None:
        hours = abs((_exif_time_utc(photo.exif_taken_at) - captured_at).total_seconds()) / 3600
        if hours > cfg["PHOTO_TIME_MAX_DIFF_H"]:
            flags.append(_flag("photo_time_far", photo.sha256, hours=round(hours, 1),
                               max_h=cfg["PHOTO_TIME_MAX_DIFF_H"]))
    return flags


def _near(photo: Photo):
    """Condition: attachments whose photo is the same as or near-identical to `photo`."""
    if photo.phash is None or photo.phash == to_signed64(FLAT_HASH):
        return Attachment.photo_sha == photo.sha256
    return (Attachment.photo_sha == photo.sha256) | (
        _hamming(Photo.phash, literal(photo.phash, BigInteger)) <= NEAR_IDENTICAL_MAX_DISTANCE)


def _reuse(item_id: int, photo: Photo, kind: str) -> list[dict]:
    """Flag a photo already used on another item, or an after-photo equal to a before-photo."""
    flags = []
    base = select(Attachment.item_id, Attachment.kind).join(
        Photo, Photo.sha256 == Attachment.photo_sha).where(_near(photo))
    other = db.session.execute(base.where(Attachment.item_id != item_id).limit(1)).first()
    if other is not None:
        flags.append(_flag("photo_reused", photo.sha256, other_item_id=other.item_id))
    # after = before, whichever arrives last (a before-photo can arrive after the fix:
    # text first, photos after)
    other_kinds = ("before",) if kind in ("after", "verify") else (
        ("after", "verify") if kind == "before" else ())
    if other_kinds:
        twin = db.session.execute(base.where(Attachment.item_id == item_id,
                                             Attachment.kind.in_(other_kinds)).limit(1)).first()
        if twin is not None:
            flags.append(_flag("after_equals_before", photo.sha256))
    return flags


def photo_flags(item_id: int, photos: list[Photo], kind: str, lat=None, lon=None,
                captured_at=None) -> list[dict]:
    """The flags of photos about to be attached to an item (attached ones count as used)."""
    flags = []
    for photo in photos:
        flags += _position_and_time(photo, lat, lon, captured_at)
        flags += _reuse(item_id, photo, kind)
        if photo.damaged:
            flags.append(_flag("photo_damaged", photo.sha256, used_as=kind))
    return flags


def check_photos(item: Item, shas, kind: str, lat=None, lon=None, captured_at=None) -> None:
    """Run the photo checks for photos about to be attached to `item`, and store the flags."""
    photos = [p for p in (db.session.get(Photo, sha) for sha in dict.fromkeys(shas))
              if p is not None]
    for flag in photo_flags(item.id, photos, kind, lat, lon, captured_at):
        db.session.add(Flag(item_id=item.id, **flag))


def beyond_radius(distance_m: float | None, radius_m: float | None) -> bool:
    """True when a known distance exceeds a known radius (a record outside its area)."""
    return distance_m is not None and radius_m is not None and distance_m > radius_m


def outside_area_flags(distance_m: float | None, radius_m: float | None) -> list[dict]:
    """The flag of a report made outside its area's radius, if it was."""
    if beyond_radius(distance_m, radius_m):
        return [_flag("outside_area", None, distance_m=distance_m, radius_m=radius_m)]
    return []
