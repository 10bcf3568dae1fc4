"""Photo upload (whole or resumable) and download of its variants."""

import re

from flask import Response, request

from server.api.guard import auth_required, current_user
from server.api.parser import ZlBlueprint
from server.errors import ApiError
from server.services import late_photos, photo_access, photos

blp = ZlBlueprint("photos", __name__, url_prefix="/api/v1/photos", description="照片")

_SHA = "<string(length=64):sha>"
_HEX = re.compile(r"^[0-9a-f]{64}$")
_NO_BODY = {"description": "no body"}
_IMAGE = {"description": "the image", "content": {
    mime: {"schema": {"type": "string", "format": "binary"}}
    for mime in ("image/jpeg", "image/png", "image/webp", "image/heic", "image/heif")}}
_OFFSET = {"Upload-Offset": {"schema": {"type": "integer", "minimum": 0}},
           "Upload-Complete": {"schema": {"type": "string", "enum": ["0", "1"]}}}
_PUT_DOC = {"200": _NO_BODY, "201": _NO_BODY,
            "202": {**_NO_BODY, "headers": {"Upload-Offset": _OFFSET["Upload-Offset"]}}}
_HEAD_DOC = {"200": {**_NO_BODY, "headers": _OFFSET}, "404": {**_NO_BODY, "headers": _OFFSET}}
_RANGE = re.compile(r"^bytes (\d{1,12})-(\d{1,12})/(\d{1,12})$")


def _content_range() -> tuple[int, int, int] | None:
    """Parse `Content-Range: bytes start-end/total`, or None when absent."""
    header = request.headers.get("Content-Range")
    if header is None:
        return None
    m = _RANGE.match(header.strip())
    if not m:
        raise ApiError("bad_request", {"header": "Content-Range"})
    start, end, total = (int(g) for g in m.groups())
    if end < start or end >= total:
        raise ApiError("bad_request", {"header": "Content-Range"})
    return start, end, total


def check_name(sha: str) -> None:
    """A photo is named by its lowercase SHA-256; anything else is not a photo path."""
    if not _HEX.match(sha):
        raise ApiError("not_found", {"sha256": sha[:64]})


def _body(expected: int | None = None) -> bytes:
    """The request body, checked against the declared piece length."""
    data = request.get_data(cache=False)
    if expected is not None and len(data) != expected:
        raise ApiError("bad_request", {"reason": "body length does not match Content-Range"})
    return data


@blp.route(f"/{_SHA}", methods=["PUT"])
@auth_required()
@blp.doc(responses=_PUT_DOC)
def put_photo(sha):
    """Store a photo's bytes, whole or one piece at a time."""
    check_name(sha)
    rng = _content_range()
    if rng is None:
        created = photos.put_whole(sha, _body(), current_user().id)
    else:
        start, end, total = rng
        created, state = photos.put_piece(sha, start, total, _body(end - start + 1),
                                          current_user())
        if not state.complete:
            return Response(status=202, headers={"Upload-Offset": str(state.offset)})
    late_photos.attach_arrived(sha, current_user().id)
    return Response(status=201 if created else 200)


@blp.route(f"/{_SHA}", methods=["HEAD"])
@auth_required()
@blp.doc(responses=_HEAD_DOC)
def head_photo(sha):
    """Complete (200) if the user may see the photo, else 404 and their upload's offset.

    A photo the user may not see answers like one that does not exist: 404, offset 0.
    """
    check_name(sha)
    state = photos.state(sha, current_user())
    if state.complete:
        late_photos.attach_arrived(sha, current_user().id)
    headers = {"Upload-Complete": "1" if state.complete else "0",
               "Upload-Offset": str(state.offset), "Cache-Control": "no-store"}
    return Response(status=200 if state.complete else 404, headers=headers)


@blp.route(f"/{_SHA}/<any(thumb, display, original):variant>", methods=["GET"])
@auth_required()
@blp.doc(responses={"200": _IMAGE})
def get_photo(sha, variant):
    """A photo variant, for users allowed to see an item it is used on."""
    check_name(sha)
    photo_access.ensure_can_read(current_user(), sha, variant)
    data, mime = photos.read_variant(sha, variant)
    return Response(data, mimetype=mime, headers={
        "Cache-Control": "private, max-age=31536000, immutable", "ETag": f'"{sha}-{variant}"'})
