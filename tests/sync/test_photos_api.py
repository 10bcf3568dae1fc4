"""Photo upload over HTTP: whole and resumable, bad input, access to variants."""

import io

import pytest
from PIL import Image

from server.extensions import db
from server.models import Photo
from server.photos import original_key
from tests.factories import sha
from tests.sync.conftest import report_mutation


def test_whole_upload_201_then_200(client, auth, photos_dir, app):
    data = (photos_dir / "DSCN0010.jpg").read_bytes()
    h = auth("cadre")
    assert client.put(f"/api/v1/photos/{sha(data)}", data=data, headers=h).status_code == 201
    assert client.put(f"/api/v1/photos/{sha(data)}", data=data, headers=h).status_code == 200
    with app.app_context():
        photo = db.session.get(Photo, sha(data))
        assert abs(photo.exif_lat - 43.467448) < 1e-6 and abs(photo.exif_lon - 11.885127) < 1e-6
        assert photo.mime == "image/jpeg" and (photo.width, photo.height) == (640, 480)
    head = client.head(f"/api/v1/photos/{sha(data)}", headers=h)
    assert head.status_code == 200 and head.headers["Upload-Complete"] == "1"


def test_resumable_upload_in_pieces(client, auth, org, push, photos_dir):
    data = (photos_dir / "jolla.jpg").read_bytes()
    digest, h, total = sha(data), auth("cadre"), len(data)
    url = f"/api/v1/photos/{digest}"
    head = client.head(url, headers=h)
    assert head.status_code == 404 and head.headers["Upload-Offset"] == "0"
    first = client.put(url, data=data[:300_000], headers={
        **h, "Content-Range": f"bytes 0-299999/{total}"})
    assert first.status_code == 202 and first.headers["Upload-Offset"] == "300000"
    # the connection broke; the phone asks where to resume
    assert client.head(url, headers=h).headers["Upload-Offset"] == "300000"
    wrong = client.put(url, data=data[200_000:400_000], headers={
        **h, "Content-Range": f"bytes 200000-399999/{total}"})
    assert wrong.status_code == 409 and wrong.get_json()["error"]["code"] == "offset_mismatch"
    assert wrong.headers["Upload-Offset"] == "300000"
    last = client.put(url, data=data[300_000:], headers={
        **h, "Content-Range": f"bytes 300000-{total - 1}/{total}"})
    assert last.status_code == 201
    assert client.head(url, headers=h).status_code == 200
    push([report_mutation(org, photos=[digest])])
    assert client.get(f"{url}/original", headers=auth("office")).data == data


def test_partial_left_whole_by_a_crash_is_stored_when_asked(client, auth, app, org,
                                                            photos_dir):
    """The server stopped after the last piece arrived but before storing the photo: no
    piece can finish it any more, so HEAD stores it (a phone would otherwise be stuck)."""
    data = (photos_dir / "jolla.jpg").read_bytes()
    url, h = f"/api/v1/photos/{sha(data)}", auth("cadre")
    with app.app_context():
        from server.services.photos import partial_key, store
        key = partial_key(sha(data), org.users["cadre"])
        assert store().append_partial(key, 0, data) == len(data)
        assert db.session.get(Photo, sha(data)) is None
    head = client.head(url, headers=h)
    assert head.status_code == 200 and head.headers["Upload-Complete"] == "1"
    with app.app_context():
        assert db.session.get(Photo, sha(data)).size == len(data)
        assert store().partial_size(key) is None
        assert store().get(original_key(sha(data))) == data


def test_partial_with_only_part_of_the_photo_reports_its_offset(client, auth, app, org,
                                                                photos_dir):
    data = (photos_dir / "jolla.jpg").read_bytes()
    url, h = f"/api/v1/photos/{sha(data)}", auth("cadre")
    with app.app_context():
        from server.services.photos import partial_key, store
        store().append_partial(partial_key(sha(data), org.users["cadre"]), 0, data[:-1])
    head = client.head(url, headers=h)
    assert head.status_code == 404 and head.headers["Upload-Offset"] == str(len(data) - 1)


def test_a_whole_upload_drops_the_senders_unfinished_pieces(client, auth, app, org):
    from tests.factories import jpeg_bytes

    data = jpeg_bytes(4242, (640, 480))  # a photo no other test leaves pieces of
    url, h = f"/api/v1/photos/{sha(data)}", auth("cadre")
    first = client.put(url, data=data[:1000], headers={
        **h, "Content-Range": f"bytes 0-999/{len(data)}"})
    assert first.status_code == 202
    assert client.put(url, data=data, headers=h).status_code == 201
    with app.app_context():
        from server.services.photos import partial_key, store
        assert store().partial_size(partial_key(sha(data), org.users["cadre"])) is None


def test_resumed_upload_with_wrong_bytes_is_hash_mismatch(client, auth, photos_dir):
    data = (photos_dir / "DSCN0021.jpg").read_bytes()
    url, h, total = f"/api/v1/photos/{sha(data)}", auth("cadre"), len(data)
    client.put(url, data=data[:1000], headers={**h, "Content-Range": f"bytes 0-999/{total}"})
    bad = b"\0" * (total - 1000)
    resp = client.put(url, data=bad, headers={**h, "Content-Range":
                                             f"bytes 1000-{total - 1}/{total}"})
    assert resp.status_code == 400 and resp.get_json()["error"]["code"] == "hash_mismatch"
    assert client.head(url, headers=h).headers["Upload-Offset"] == "0"


def _png_bytes():
    buf = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 10, 10)).save(buf, "PNG")
    return buf.getvalue()


def _bomb():
    import struct
    import zlib

    def chunk(kind, body):
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))
    ihdr = struct.pack(">IIBBBBB", 50000, 50000, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\0" * 1000)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


@pytest.mark.parametrize("name,data,status,code", [
    ("truncated", "DSCN0010.jpg:1000", 422, "bad_image"),
    ("html", b"<!doctype html><html><body>hi</body></html>", 415, "unsupported_media"),
    ("svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', 415,
     "unsupported_media"),
    ("empty", b"", 415, "unsupported_media"),
    ("bomb", "bomb", 422, "bad_image"),
])
def test_hostile_uploads_are_refused_and_not_stored(client, auth, photos_dir, app, name, data,
                                                    status, code):
    if data == "bomb":
        data = _bomb()
    elif isinstance(data, str):
        fname, cut = data.split(":")
        data = (photos_dir / fname).read_bytes()[:int(cut)]
    resp = client.put(f"/api/v1/photos/{sha(data)}", data=data, headers=auth("cadre"))
    assert resp.status_code == status, resp.get_json()
    assert resp.get_json()["error"]["code"] == code
    with app.app_context():
        assert db.session.query(Photo).count() == 0


def test_png_named_anything_is_png(client, auth, app):
    data = _png_bytes()
    assert client.put(f"/api/v1/photos/{sha(data)}", data=data, headers={
        **auth("cadre"), "Content-Type": "image/jpeg"}).status_code == 201
    with app.app_context():
        assert db.session.get(Photo, sha(data)).mime == "image/png"


def test_wrong_hash_and_bad_names(client, auth, photos_dir):
    data = (photos_dir / "Canon_40D.jpg").read_bytes()
    h = auth("cadre")
    resp = client.put(f"/api/v1/photos/{'0' * 64}", data=data, headers=h)
    assert resp.status_code == 400 and resp.get_json()["error"]["code"] == "hash_mismatch"
    assert client.put(f"/api/v1/photos/{sha(data).upper()}", data=data,
                      headers=h).status_code == 404
    traversal = client.put("/api/v1/photos/..%2F..%2Fetc%2Fpasswd", data=data, headers=h)
    assert traversal.status_code in (404, 405) and "error" in traversal.get_json()
    assert client.put(f"/api/v1/photos/{sha(data)}", data=data).status_code == 401


def test_thirty_megabytes_is_413(client, auth):
    data = b"\xff\xd8\xff" + b"\0" * (30 * 1024 * 1024)
    resp = client.put(f"/api/v1/photos/{sha(data)}", data=data, headers=auth("cadre"))
    assert resp.status_code == 413 and resp.get_json()["error"]["code"] == "too_large"


def test_declared_total_over_cap_is_413(client, auth):
    resp = client.put(f"/api/v1/photos/{'a' * 64}", data=b"x" * 10, headers={
        **auth("cadre"), "Content-Range": f"bytes 0-9/{40 * 1024 * 1024}"})
    assert resp.status_code == 413


@pytest.mark.parametrize("header", ["bytes 5-1/10", "bytes 0-10/10", "items 0-1/2", "bytes x"])
def test_bad_content_range(client, auth, header):
    resp = client.put(f"/api/v1/photos/{'a' * 64}", data=b"xy",
                      headers={**auth("cadre"), "Content-Range": header})
    assert resp.status_code == 400 and resp.get_json()["error"]["code"] == "bad_request"


def test_damaged_shared_photos_are_stored(client, auth, photos_dir, app):
    h = auth("cadre")
    for name in ("30-type_error.jpg", "36-memory_error.jpg", "67-0_length_string.jpg",
                 "image00971.jpg", "no_exif.jpg", "iphone_13_pro_max.HEIC"):
        data = (photos_dir / name).read_bytes()
        resp = client.put(f"/api/v1/photos/{sha(data)}", data=data, headers=h)
        assert resp.status_code == 201, (name, resp.get_json())
    with app.app_context():
        heic = db.session.get(Photo, sha((photos_dir / "iphone_13_pro_max.HEIC").read_bytes()))
        assert heic.mime in ("image/heic", "image/heif") and heic.width < heic.height


def test_variant_access(client, auth, org, push, upload, photos_dir):
    data = (photos_dir / "portrait_6.jpg").read_bytes()
    digest = upload(data)
    push([report_mutation(org, photos=[digest])])
    url = f"/api/v1/photos/{digest}"
    thumb = client.get(f"{url}/thumb", headers=auth("cadre"))
    assert thumb.status_code == 200 and thumb.mimetype == "image/jpeg"
    assert "immutable" in thumb.headers["Cache-Control"]
    img = Image.open(io.BytesIO(thumb.data))
    assert max(img.size) <= 320 and img.height > img.width and not img.info.get("exif")
    display = Image.open(io.BytesIO(client.get(f"{url}/display", headers=auth("office")).data))
    assert max(display.size) <= 1600
    assert client.get(f"{url}/original", headers=auth("cadre")).status_code == 403
    assert client.get(f"{url}/original", headers=auth("supervisor")).data == data
    assert client.get(f"{url}/thumb", headers=auth("handler")).status_code == 404
    assert client.get(f"{url}/huge", headers=auth("office")).status_code == 404
