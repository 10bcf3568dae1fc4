"""Hostile uploads against the running production server: never a 5xx, nothing left behind.

The corpus is built here: decompression bombs (PNG, JPEG and WebP headers claiming
billions of pixels, a PNG whose zero pixels inflate to 36 MP, a PNG text chunk that
inflates to 64 MB), files from tests/data/photos cut short (JPEG, PNG, WebP, HEIC),
polyglots (JPEG + HTML, JPEG + ZIP, PNG + PHP, HTML or ZIP first), formats the
server does not take (GIF, SVG, HTML, BMP, TIFF, AVIF, empty), and EXIF written by
hand into an APP1 segment with absurd values (IFD loops, offsets past the end, counts of
2^32-1, zero denominators, orientation 65535, impossible dates). Each is PUT whole (and
the bombs also in resumable pieces) over HTTP. Every answer is a 2xx or a 4xx; a
refused photo leaves no row, no file and no partial, and HEAD says offset 0; an
accepted one is served back byte-identical as the original, with `nosniff` and a CSP
that runs nothing, and its derivatives are plain re-encoded JPEGs.
"""

from __future__ import annotations

import hashlib
import http.client
import io
import json
import socket
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from PIL import Image

from tests.factories import jpeg_bytes
from tests.reliability.server_proc import HOST

TIMEOUT = 90        # seconds for one upload: a hang is a failure, not a wait


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# -- builders ---------------------------------------------------------------------------

def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


def png(width: int, height: int, idat: bytes, *, mode: int = 0, extra: bytes = b"") -> bytes:
    """A PNG with the given header and raw IDAT payload (8-bit; colour type `mode`)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, mode, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr) + extra
            + _png_chunk(b"IDAT", idat) + _png_chunk(b"IEND", b""))


def png_zero_bomb(side: int) -> bytes:
    """A grey PNG of side x side zero pixels: a few KB that inflate to side^2 bytes."""
    comp = zlib.compressobj(9)
    row = b"\x00" * (side + 1)
    out = [comp.compress(row) for _ in range(side)]
    return png(side, side, b"".join(out) + comp.flush())


def png_text_bomb() -> bytes:
    """A small valid PNG whose zTXt chunk inflates to 64 MB."""
    body = zlib.compress(b"\x00" * (64 * 1024 * 1024), 9)
    ztxt = _png_chunk(b"zTXt", b"Comment\x00\x00" + body)
    small = png(4, 4, zlib.compress(b"\x00" * 5 * 4))
    return small[:33] + ztxt + small[33:]


def jpeg_with_size(data: bytes, width: int, height: int) -> bytes:
    """A real JPEG whose SOF marker claims another size."""
    out = bytearray(data)
    i = 2
    while i < len(out) - 9:
        if out[i] != 0xFF:
            i += 1
            continue
        marker = out[i + 1]
        length = struct.unpack(">H", out[i + 2:i + 4])[0]
        if marker in (0xC0, 0xC1, 0xC2):
            out[i + 5:i + 9] = struct.pack(">HH", height, width)
            return bytes(out)
        i += 2 + length
    raise AssertionError("no SOF marker")


def webp_vp8x(width: int, height: int) -> bytes:
    """A WebP whose VP8X header claims width x height, with a tiny real image after it."""
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 10, 10)).save(buf, "WEBP")
    real = buf.getvalue()
    vp8x = b"VP8X" + struct.pack("<I", 10) + b"\x00\x00\x00\x00" + \
        (width - 1).to_bytes(3, "little") + (height - 1).to_bytes(3, "little")
    body = b"WEBP" + vp8x + real[12:]
    return b"RIFF" + struct.pack("<I", len(body)) + body


def _ifd(entries: list[tuple[int, int, int, bytes]], next_ifd: int) -> bytes:
    """A little-endian TIFF IFD: (tag, type, count, 4-byte value/offset)."""
    out = struct.pack("<H", len(entries))
    for tag, typ, count, value in entries:
        out += struct.pack("<HHI", tag, typ, count) + value.ljust(4, b"\x00")[:4]
    return out + struct.pack("<I", next_ifd)


def _u32(n: int) -> bytes:
    return struct.pack("<I", n)


def _u16(n: int) -> bytes:
    return struct.pack("<H", n)


def exif_jpeg(tiff: bytes, base: bytes) -> bytes:
    """Put a hand-written TIFF structure as the APP1 Exif segment right after SOI."""
    payload = b"Exif\x00\x00" + tiff
    assert len(payload) + 2 < 65536
    return base[:2] + b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload + base[2:]


def absurd_exif_tiffs() -> dict[str, bytes]:
    """TIFF blocks (after the Exif header) with absurd or cyclic contents."""
    head = b"II*\x00" + _u32(8)
    one = 12 + 2   # bytes of one entry, of the count
    t = {}
    # IFD0 whose next-IFD offset points at itself; Exif IFD pointer back at IFD0
    t["ifd_loop"] = head + _ifd([(0x8769, 4, 1, _u32(8)), (0x0112, 3, 1, _u16(6))], 8)
    # GPS IFD pointer far past the end; Orientation 65535
    t["gps_past_end"] = head + _ifd([(0x8825, 4, 1, _u32(0x7FFFFFF0)),
                                     (0x0112, 3, 1, _u16(65535))], 0)
    # counts of 2^32-1 for ASCII and RATIONAL values pointing past the end
    t["huge_counts"] = head + _ifd([(0x010F, 2, 0xFFFFFFFF, _u32(26)),
                                    (0x0110, 2, 0xFFFFFFFF, _u32(0xFFFFFF00)),
                                    (0x011A, 5, 0xFFFFFFFF, _u32(40))], 0)
    # a GPS IFD with zero denominators, a bad reference and a wrong type for latitude
    gps_at = 8 + 2 + one + 4
    rationals_at = gps_at + 2 + 5 * one + 4
    zero = struct.pack("<II", 34, 0) + struct.pack("<II", 0, 0) + struct.pack("<II", 1, 0)
    gps = _ifd([(0x0001, 2, 2, b"Q\x00"), (0x0002, 5, 3, _u32(rationals_at)),
                (0x0003, 2, 2, b"E\x00"), (0x0004, 3, 3, _u32(rationals_at)),
                (0x0006, 5, 1, _u32(rationals_at))], 0)
    t["gps_zero_denominators"] = (head + _ifd([(0x8825, 4, 1, _u32(gps_at))], 0) + gps + zero)
    # impossible and empty DateTimeOriginal, in an Exif IFD
    exif_at = 8 + 2 + one + 4
    dates_at = exif_at + 2 + 3 * one + 4
    dates = b"2026:02:30 25:61:61\x00" + b"0000:00:00 00:00:00\x00"
    exif = _ifd([(0x9003, 2, 20, _u32(dates_at)), (0x9004, 2, 20, _u32(dates_at + 20)),
                 (0x9010, 2, 0, b"")], 0)
    t["impossible_dates"] = head + _ifd([(0x8769, 4, 1, _u32(exif_at))], 0) + exif + dates
    # a TIFF header whose first IFD is past the end, and a big-endian header cut short
    t["ifd0_past_end"] = b"II*\x00" + _u32(0xFFFFFFF0)
    t["header_cut"] = b"MM\x00*\x00"
    # 2000 entries claimed, 1 present
    t["entry_count_lies"] = head + struct.pack("<H", 2000) + struct.pack(
        "<HHI", 0x0112, 3, 1) + _u16(1) + b"\x00\x00"
    # an undefined type and a negative rational for altitude
    t["bad_types"] = head + _ifd([(0x0112, 99, 1, _u16(3)), (0x8825, 13, 1, _u32(8))], 0)
    return t


def corpus(photos_dir: Path) -> dict[str, tuple[bytes, tuple[int, ...]]]:
    """name -> (bytes, allowed statuses)."""
    jpg = (photos_dir / "DSCN0010.jpg").read_bytes()
    heic = (photos_dir / "iphone_13_pro_max.HEIC").read_bytes()
    small = jpeg_bytes(7, (120, 90))
    png_ok = io.BytesIO()
    Image.open(io.BytesIO(small)).save(png_ok, "PNG")
    png_ok = png_ok.getvalue()
    webp_ok = io.BytesIO()
    Image.open(io.BytesIO(jpg)).save(webp_ok, "WEBP", quality=70)
    webp_ok = webp_ok.getvalue()
    zbuf = io.BytesIO()
    with zipfile.ZipFile(zbuf, "w") as zf:
        zf.writestr("evil.html", "<script>alert(1)</script>")
    zip_bytes = zbuf.getvalue()
    gif = io.BytesIO()
    Image.new("P", (4, 4)).save(gif, "GIF")
    bmp = io.BytesIO()
    Image.new("RGB", (4, 4)).save(bmp, "BMP")
    tif = io.BytesIO()
    Image.new("RGB", (4, 4)).save(tif, "TIFF")
    ok_or_bad = (200, 201, 422)
    refused = (415,)
    bomb = (413, 422)
    c: dict[str, tuple[bytes, tuple[int, ...]]] = {
        # decompression bombs
        "png_header_100k_x_100k": (png(100_000, 100_000, zlib.compress(b"\x00" * 101)), bomb),
        "png_header_2g_x_2g": (png(0x7FFFFFFF, 0x7FFFFFFF, zlib.compress(b"\x00")), bomb),
        "png_header_zero_size": (png(0, 0, zlib.compress(b"")), (422,)),
        "png_zero_pixels_36mp": (png_zero_bomb(6000), (200, 201, 413, 422)),
        "png_zero_pixels_64mp": (png_zero_bomb(8000), bomb),
        "png_ztxt_64mb": (png_text_bomb(), ok_or_bad),
        "jpeg_sof_65535_x_65535": (jpeg_with_size(jpg, 65535, 65535), bomb),
        "jpeg_sof_zero_size": (jpeg_with_size(jpg, 0, 0), (422,)),
        "jpeg_sof_1_x_65535": (jpeg_with_size(small, 1, 65535), ok_or_bad),
        "webp_vp8x_16k_x_16k": (webp_vp8x(16384, 16384), bomb),
        # cut short
        "jpeg_cut_at_header": (jpg[:600], ok_or_bad),
        "jpeg_cut_half": (jpg[:len(jpg) // 2], ok_or_bad),
        "jpeg_cut_last_byte": (jpg[:-1], ok_or_bad),
        "jpeg_soi_only": (b"\xff\xd8\xff", (422,)),
        "png_cut_half": (png_ok[:len(png_ok) // 2], ok_or_bad),
        "png_signature_only": (png_ok[:8], (422,)),
        "webp_cut_half": (webp_ok[:len(webp_ok) // 2], ok_or_bad),
        "webp_header_only": (webp_ok[:30], (422,)),
        "heic_cut_half": (heic[:len(heic) // 2], ok_or_bad),
        "heic_ftyp_only": (heic[:64], (422,)),
        "heic_cut_2k": (heic[:2048], ok_or_bad),
        # garbage after a valid start
        "jpeg_noise_scan": (small[:200] + bytes(range(256)) * 40 + b"\xff\xd9", ok_or_bad),
        # polyglots
        "jpeg_plus_html": (small + b"<html><script>alert(document.cookie)</script></html>",
                           (200, 201)),
        "jpeg_plus_zip": (small + zip_bytes, (200, 201)),
        "png_plus_php": (png_ok + b"<?php system($_GET['c']); ?>", (200, 201)),
        "html_then_jpeg": (b"<html><script>alert(1)</script>" + small, refused),
        "zip_then_jpeg": (zip_bytes + small, refused),
        "gif_plus_zip": (gif.getvalue() + zip_bytes, refused),
        # formats the server does not take
        "gif": (gif.getvalue(), refused),
        "svg_script": (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
                       b"<script>alert(2)</script></svg>", refused),
        "xml_entity_bomb": (b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa">'
                            b'<!ENTITY b "&a;&a;&a;&a;">]><svg>&b;</svg>', refused),
        "html": (b"<!DOCTYPE html><html><body>hi</body></html>", refused),
        "bmp": (bmp.getvalue(), refused),
        "tiff": (tif.getvalue(), refused),
        "avif_brand": (struct.pack(">I", 24) + b"ftypavif" + b"\x00" * 4 + b"avifmif1", refused),
        "empty": (b"", (400, 415, 422)),
    }
    for name, tiff in absurd_exif_tiffs().items():
        c[f"exif_{name}"] = (exif_jpeg(tiff, small), ok_or_bad)
    return c


def _declared_only(live, path: str, length: int, token: str) -> tuple[int, bytes]:
    """PUT declaring `length` bytes but sending only 64 KiB; the answer must come anyway."""
    with socket.create_connection((HOST, live.port), timeout=TIMEOUT) as sock:
        sock.sendall((f"PUT {path} HTTP/1.1\r\nHost: {HOST}\r\n"
                      f"Authorization: Bearer {token}\r\nContent-Length: {length}\r\n"
                      "Content-Type: image/jpeg\r\n\r\n").encode() + b"\xff\xd8" * 32768)
        resp = http.client.HTTPResponse(sock)
        resp.begin()
        return resp.status, resp.read(resp.length or 0) if resp.length else resp.read1(65536)


# -- checks -----------------------------------------------------------------------------

def _left_nothing(live, sha: str, data_files_before: set[str]) -> None:
    """A refused photo: no row, no stored file, no partial, HEAD says offset 0."""
    cadre = {"Authorization": f"Bearer {live.tokens['cadre']}"}
    office = {"Authorization": f"Bearer {live.tokens['office']}"}
    head = live.request("HEAD", f"/api/v1/photos/{sha}", headers=cadre)
    assert head.status == 404 and head.headers.get("upload-offset") == "0", head.headers
    assert live.request("GET", f"/api/v1/photos/{sha}/original", headers=office).status == 404
    files = {p.name for p in (live.data_dir / "photos").rglob("*") if p.is_file()}
    assert not [f for f in files - data_files_before if sha in f], "refused photo left files"


def _served_safely(live, sha: str, data: bytes) -> None:
    """An accepted photo comes back byte-identical, inert, with clean derivatives."""
    office = {"Authorization": f"Bearer {live.tokens['office']}"}
    orig = live.request("GET", f"/api/v1/photos/{sha}/original", headers=office)
    assert orig.status == 200 and orig.body == data
    assert orig.headers["content-type"].startswith("image/")
    assert orig.headers["x-content-type-options"] == "nosniff"
    assert "default-src 'none'" in orig.headers["content-security-policy"]
    for variant in ("thumb", "display"):
        resp = live.request("GET", f"/api/v1/photos/{sha}/{variant}", headers=office)
        assert resp.status == 200 and resp.headers["content-type"] == "image/jpeg"
        assert b"<script" not in resp.body and b"<?php" not in resp.body
        Image.open(io.BytesIO(resp.body)).verify()


@pytest.fixture(scope="module")
def hostile(photos_dir):
    return corpus(photos_dir)


def test_hostile_corpus_is_never_a_5xx(live, hostile):
    # office uploads, so that it may read back the originals of photos used on no item
    office = {"Authorization": f"Bearer {live.tokens['office']}",
              "Content-Type": "image/jpeg"}           # the header lies: content decides
    outcomes, wrong = {}, []
    for name, (data, allowed) in hostile.items():
        sha = _sha(data)
        before = {p.name for p in (live.data_dir / "photos").rglob("*") if p.is_file()}
        resp = live.request("PUT", f"/api/v1/photos/{sha}", data, office, timeout=TIMEOUT)
        outcomes[name] = resp.status
        if resp.status >= 500 or resp.status not in allowed:
            wrong.append(f"{name}: {resp.status} {resp.body[:200]!r} (allowed {allowed})")
            continue
        if resp.status >= 400:
            assert resp.json()["error"]["code"], name
            _left_nothing(live, sha, before)
        else:
            _served_safely(live, sha, data)
    print("hostile uploads:", outcomes)
    assert not wrong, "\n".join(wrong)
    assert live.call("GET", "/api/v1/me", token=live.tokens["cadre"]).status == 200


@pytest.mark.parametrize("name", ["png_header_100k_x_100k", "jpeg_sof_65535_x_65535",
                                  "png_zero_pixels_64mp", "webp_vp8x_16k_x_16k"])
def test_bombs_in_resumable_pieces_leave_no_partial(live, hostile, name):
    data, _ = hostile[name]
    sha = _sha(data)
    cadre = {"Authorization": f"Bearer {live.tokens['cadre']}"}
    piece = max(1, len(data) // 3)
    before = {p.name for p in (live.data_dir / "photos").rglob("*") if p.is_file()}
    offset, status = 0, None
    while offset < len(data):
        end = min(offset + piece, len(data)) - 1
        resp = live.request("PUT", f"/api/v1/photos/{sha}", data[offset:end + 1],
                            {**cadre, "Content-Range": f"bytes {offset}-{end}/{len(data)}"},
                            timeout=TIMEOUT)
        status = resp.status
        assert status < 500, resp
        if status != 202:
            break
        offset = int(resp.headers["upload-offset"])
    assert status in (413, 422), status
    _left_nothing(live, sha, before)


def test_wrong_name_too_large_and_bad_ranges_are_4xx(live):
    cadre = {"Authorization": f"Bearer {live.tokens['cadre']}"}
    small = jpeg_bytes(11, (64, 48))
    other = "0" * 64
    resp = live.request("PUT", f"/api/v1/photos/{other}", small, cadre)
    assert resp.status == 400 and resp.json()["error"]["code"] == "hash_mismatch"
    big = small[:-2] + b"\x00" * (25 * 1024 * 1024 + 16) + b"\xff\xd9"   # over 25 MB
    resp = live.request("PUT", f"/api/v1/photos/{_sha(big)}", big, cadre, timeout=TIMEOUT)
    assert resp.status == 413, resp
    # over the body cap: refused from the headers, before the body is read
    status, body = _declared_only(live, f"/api/v1/photos/{'a' * 64}", 27 * 1024 * 1024,
                                  live.tokens["cadre"])
    assert status == 413 and json.loads(body)["error"]["code"] == "too_large", body
    sha = _sha(small)
    for rng in ("bytes 0-10/5", "bytes 5-1/10", "bytes -1-3/10", "bytes 0-3/99999999999999",
                "bytes=0-3/10", "items 0-3/10", "bytes 0-3/*"):
        resp = live.request("PUT", f"/api/v1/photos/{sha}", small[:4],
                            {**cadre, "Content-Range": rng})
        assert 400 <= resp.status < 500, (rng, resp)
    resp = live.request("PUT", f"/api/v1/photos/{sha}", small[:4],
                        {**cadre, "Content-Range": f"bytes 100-103/{len(small)}"})
    assert resp.status == 409 and resp.headers["upload-offset"] == "0", resp
    _left_nothing(live, sha, set())
