"""Receiving photos: whole or resumable uploads, processing, storage, serving.

A photo counts as stored only once its `photos` row exists. The original and its
derivatives are each written atomically (temporary file, fsync, rename) before that
row, so a crash mid-upload can leave orphan files but never a photo that looks
complete; the next upload of the same photo writes them again.

What a user learns of a photo (HEAD, a piece's answer) is what GET would show them:
a photo they may not see answers exactly like one that does not exist. So each
uploader collects their pieces in a partial of their own (`partial_key`), and no one
learns whether someone else has stored, or is uploading, the same photo.
"""

import hashlib
from dataclasses import dataclass

from flask import current_app
from sqlalchemy.exc import IntegrityError

from server.errors import ApiError
from server.extensions import db
from server.models import Photo
from server.photos import (
    FileSystemStore,
    OffsetMismatch,
    PhotoError,
    PhotoStore,
    S3Store,
    derived_key,
    original_key,
    process,
    to_signed64,
    verify_hash,
)
from server.services import photo_access

VARIANTS = ("thumb", "display", "original")


def store() -> PhotoStore:
    """The configured photo store, built once per app."""
    app = current_app
    if "zl_photo_store" not in app.extensions:
        root = f"{app.config['DATA_DIR']}/photos"
        if app.config["PHOTO_STORE"] == "s3":
            app.extensions["zl_photo_store"] = S3Store(
                app.config["S3_BUCKET"], endpoint_url=app.config["S3_ENDPOINT_URL"],
                partial_dir=f"{root}/partials")
        else:
            app.extensions["zl_photo_store"] = FileSystemStore(root)
    return app.extensions["zl_photo_store"]


@dataclass(frozen=True)
class UploadState:
    """What the server holds of a photo: complete, or how many bytes of a partial."""

    complete: bool
    offset: int


def partial_key(sha: str, user_id: int) -> str:
    """The store key of one uploader's unfinished upload of a photo."""
    return f"{sha}.u{int(user_id)}"


def visible(sha: str, user) -> bool:
    """Whether the photo is stored and the user may see it (the rule of GET)."""
    return db.session.get(Photo, sha) is not None and photo_access.may_see(user, sha)


def state(sha: str, user) -> UploadState:
    """Complete if the user may see the photo, else how many bytes of their upload arrived.

    A partial that already holds the whole photo (the server stopped between its last
    piece and storing it) is stored now: no piece could complete it any more.
    """
    if visible(sha, user):
        return UploadState(True, 0)
    key = partial_key(sha, user.id)
    size = store().partial_size(key) or 0
    whole = _partial(key) if size else None
    if whole is not None and hashlib.sha256(whole).hexdigest() == sha:
        try:
            _finish(sha, user.id, whole)
        except ApiError:
            return UploadState(False, 0)  # not a photo we accept: the next upload says why
        return UploadState(visible(sha, user), 0)
    if whole is None and size:   # finished by a concurrent request meanwhile
        return UploadState(visible(sha, user), 0)
    return UploadState(False, size)


def _partial(key: str) -> bytes | None:
    """The bytes of an unfinished upload, or None if it is gone (finished meanwhile)."""
    try:
        return store().partial_bytes(key)
    except KeyError:
        return None


def _photo_error(exc: PhotoError) -> ApiError:
    """The pipeline's refusal as an API error."""
    return ApiError(exc.code, exc.details)


def _verify(data: bytes, sha: str) -> None:
    """Refuse bytes that are not the photo named `sha` (hash_mismatch)."""
    try:
        verify_hash(data, sha)
    except PhotoError as exc:
        raise _photo_error(exc) from exc


def _prepare(sha: str, data: bytes):
    """Check and process a complete photo and write its files; touches no database, so
    no transaction is open (and on SQLite no write lock held) while a photo is decoded."""
    cfg = current_app.config
    _verify(data, sha)
    try:
        done = process(data, max_bytes=cfg["PHOTO_MAX_BYTES"], max_pixels=cfg["PHOTO_MAX_PIXELS"])
    except PhotoError as exc:
        raise _photo_error(exc) from exc
    st = store()
    for variant, blob in done.derivatives.items():
        st.put(derived_key(sha, variant), blob)
    st.put(original_key(sha), data)
    return done


def _record(sha: str, done, user_id: int | None) -> bool:
    """Add the photo's row in a short transaction of its own; True if it is new."""
    ex = done.exif
    db.session.add(Photo(sha256=sha, mime=done.mime, size=done.size, width=done.width,
                         height=done.height, exif_lat=ex.lat, exif_lon=ex.lon,
                         exif_taken_at=ex.taken_at, make=ex.make, model=ex.model,
                         orientation=ex.orientation, phash=to_signed64(done.phash),
                         damaged=done.partial, uploaded_by=user_id))
    return _commit_or_existing(sha)


def _stored(sha: str) -> bool:
    """Whether the photo's row exists. The transaction then ends (committed, so a
    caller's work is kept), and none is open while the photo is processed."""
    found = db.session.get(Photo, sha) is not None
    db.session.commit()
    return found


def put_whole(sha: str, data: bytes, user_id: int | None) -> bool:
    """Store a photo sent in one body; True if new, False if already stored.

    Already stored: the bytes are still checked, so only who holds the photo learns that.
    The sender's own unfinished upload of it, if any, is dropped: it is done now.
    """
    if _stored(sha):
        _verify(data, sha)
        created = False
    else:
        created = _record(sha, _prepare(sha, data), user_id)
    if user_id is not None:
        store().discard_partial(partial_key(sha, user_id))
    return created


def put_piece(sha: str, start: int, total: int, data: bytes, user):
    """Append one piece of the user's resumable upload; returns (created, UploadState)."""
    if visible(sha, user):
        return False, UploadState(True, 0)
    if total > current_app.config["PHOTO_MAX_BYTES"]:
        raise ApiError("too_large", {"max_bytes": current_app.config["PHOTO_MAX_BYTES"]})
    st, key = store(), partial_key(sha, user.id)
    try:
        size = st.append_partial(key, start, data)
    except OffsetMismatch as exc:
        raise ApiError("offset_mismatch", {"offset": exc.expected},
                       headers={"Upload-Offset": str(exc.expected)}) from exc
    if size < total:
        return False, UploadState(False, size)
    if size > total:
        st.discard_partial(key)
        raise ApiError("bad_request", {"reason": "more bytes than the declared total"})
    return _finish(sha, user.id), UploadState(True, 0)


def _finish(sha: str, user_id: int, whole: bytes | None = None) -> bool:
    """Store the photo the user's partial now holds whole; True if new. It is dropped."""
    key = partial_key(sha, user_id)
    whole = whole if whole is not None else _partial(key)
    if whole is None:   # a concurrent request finished it
        return False
    store().discard_partial(key)
    if _stored(sha):   # someone else stored it meanwhile
        _verify(whole, sha)
        return False
    return _record(sha, _prepare(sha, whole), user_id)


def _commit_or_existing(sha: str) -> bool:
    """Commit the new row; a concurrent upload of the same photo counts as existing."""
    try:
        db.session.commit()
        return True
    except IntegrityError:
        db.session.rollback()
        return False


def read_variant(sha: str, variant: str) -> tuple[bytes, str]:
    """The bytes and MIME type of a stored variant."""
    photo = db.session.get(Photo, sha)
    if photo is None:
        raise ApiError("not_found", {"sha256": sha})
    key = original_key(sha) if variant == "original" else derived_key(sha, variant)
    try:
        data = store().get(key)
    except KeyError as exc:
        raise ApiError("not_found", {"sha256": sha, "variant": variant}) from exc
    return data, photo.mime if variant == "original" else "image/jpeg"
