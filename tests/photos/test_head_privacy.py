"""HEAD and PUT of /api/v1/photos/<sha> tell a user no more than GET would.

A photo the user may not see (not theirs, on no item they see) and someone else's
unfinished upload both answer exactly like a photo that does not exist; the uploader's
own partial keeps its Upload-Offset so the upload resumes, and their own photo is 200.
"""

from __future__ import annotations

from server.extensions import db
from server.models import Photo
from server.photos import original_key
from tests.api.conftest import auth, org  # noqa: F401
from tests.factories import jpeg_bytes, sha
from tests.sync.conftest import push, report_mutation  # noqa: F401

NOWHERE = "0" * 64


def _head(client, digest, headers):
    """(status, Upload-Complete, Upload-Offset) of a HEAD."""
    resp = client.head(f"/api/v1/photos/{digest}", headers=headers)
    return resp.status_code, resp.headers.get("Upload-Complete"), resp.headers.get("Upload-Offset")


def _piece(client, digest, data, start, end, headers):
    """PUT bytes start..end of data as one piece."""
    return client.put(f"/api/v1/photos/{digest}", data=data[start : end + 1], headers={
        **headers, "Content-Range": f"bytes {start}-{end}/{len(data)}"})


def test_someone_elses_photo_answers_like_no_photo(client, auth, org, push):  # noqa: F811
    data = jpeg_bytes(7, (200, 150))
    digest = sha(data)
    first = client.put(f"/api/v1/photos/{digest}", data=data, headers=auth("cadre"))
    assert first.status_code == 201
    absent = _head(client, NOWHERE, auth("cadre2"))
    assert absent == (404, "0", "0")
    for other in ("cadre2", "handler", "office"):
        assert _head(client, digest, auth(other)) == absent, other
    assert _head(client, digest, auth("cadre")) == (200, "1", "0")
    push([report_mutation(org, photos=[digest])])
    assert _head(client, digest, auth("office")) == (200, "1", "0")
    assert _head(client, digest, auth("cadre2")) == absent


def test_someone_elses_partial_shows_no_offset(client, auth):  # noqa: F811
    data = jpeg_bytes(8, (400, 300))
    digest = sha(data)
    assert _piece(client, digest, data, 0, 999, auth("cadre")).status_code == 202
    assert _head(client, digest, auth("cadre")) == (404, "0", "1000")
    assert _head(client, digest, auth("cadre2")) == (404, "0", "0")
    # the other user's own first piece is theirs, not a clash with the cadre's upload
    mine = _piece(client, digest, data, 0, 99, auth("cadre2"))
    assert mine.status_code == 202 and mine.headers["Upload-Offset"] == "100"
    assert _head(client, digest, auth("cadre")) == (404, "0", "1000")


def test_two_uploaders_of_one_photo_both_finish_and_nothing_changes(client, auth, app):  # noqa: F811
    data = jpeg_bytes(9, (400, 300))
    digest, total = sha(data), len(data)
    assert _piece(client, digest, data, 0, 499, auth("cadre")).status_code == 202
    assert _piece(client, digest, data, 0, 499, auth("cadre2")).status_code == 202
    assert _piece(client, digest, data, 500, total - 1, auth("cadre")).status_code == 201
    assert _piece(client, digest, data, 500, total - 1, auth("cadre2")).status_code == 200
    assert _head(client, digest, auth("cadre")) == (200, "1", "0")
    assert _head(client, digest, auth("cadre2")) == (404, "0", "0")
    with app.app_context():
        from server.services.photos import store

        photo = db.session.get(Photo, digest)
        assert photo.uploaded_by == _user_id("cadre")
        assert store().get(original_key(digest)) == data


def test_put_to_a_stored_photo_checks_the_bytes(client, auth):  # noqa: F811
    data = jpeg_bytes(10, (200, 150))
    digest = sha(data)
    first = client.put(f"/api/v1/photos/{digest}", data=data, headers=auth("cadre"))
    assert first.status_code == 201
    junk = client.put(f"/api/v1/photos/{digest}", data=b"guess", headers=auth("cadre2"))
    assert junk.status_code == 400
    assert junk.get_json()["error"]["code"] == "hash_mismatch"
    piece = _piece(client, digest, b"x" * 5000, 0, 99, auth("cadre2"))
    assert piece.status_code == 202 and piece.headers["Upload-Offset"] == "100"
    same = client.put(f"/api/v1/photos/{digest}", data=data, headers=auth("cadre2"))
    assert same.status_code == 200


def test_the_uploaders_whole_partial_left_by_a_crash_is_stored_on_head(client, auth, app):  # noqa: F811
    data = jpeg_bytes(11, (200, 150))
    digest = sha(data)
    with app.app_context():
        from server.services.photos import partial_key, store

        store().append_partial(partial_key(digest, _user_id("cadre")), 0, data)
    assert _head(client, digest, auth("cadre2")) == (404, "0", "0")
    with app.app_context():
        assert db.session.get(Photo, digest) is None
    assert _head(client, digest, auth("cadre")) == (200, "1", "0")
    with app.app_context():
        assert db.session.get(Photo, digest).uploaded_by == _user_id("cadre")
        assert store().partial_size(partial_key(digest, _user_id("cadre"))) is None


def _user_id(username: str) -> int:
    """The id of a test user (inside an app context)."""
    from server.models import User

    return db.session.query(User.id).filter_by(username=username).scalar()
