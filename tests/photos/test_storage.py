"""FileSystemStore: keys, atomic puts, resumable partial uploads."""

from __future__ import annotations

import hashlib
import os
import threading

import pytest

from server.photos import (
    FileSystemStore,
    OffsetMismatch,
    check_key,
    derived_key,
    original_key,
    process,
    verify_hash,
)
from server.photos import storage as storage_module

SHA = hashlib.sha256(b"photo").hexdigest()


@pytest.fixture
def store(tmp_path):
    return FileSystemStore(tmp_path / "photos")


def test_keys():
    assert original_key(SHA) == f"originals/{SHA[:2]}/{SHA[2:4]}/{SHA}"
    assert derived_key(SHA, "thumb") == f"derived/thumb/{SHA[:2]}/{SHA}.jpg"
    for bad in (SHA.upper(), SHA[:-1], "../" + SHA[3:], ""):
        with pytest.raises(ValueError):
            original_key(bad)
    with pytest.raises(ValueError):
        derived_key(SHA, "../x")


@pytest.mark.parametrize(
    "key", ["", "/etc/passwd", "../x", "a/../b", "a//b", "a/./b", "a\\b", ".hidden", "a/", "é"]
)
def test_unsafe_keys_are_refused(store, key):
    with pytest.raises(ValueError):
        check_key(key)
    with pytest.raises(ValueError):
        store.put(key, b"x")


def test_put_get_exists(store, tmp_path):
    key = original_key(SHA)
    assert not store.exists(key)
    with pytest.raises(KeyError):
        store.get(key)
    store.put(key, b"photo")
    assert store.exists(key) and store.get(key) == b"photo"
    assert (tmp_path / "photos" / key).read_bytes() == b"photo"
    store.put(key, b"photo")  # content-addressed: a second put is harmless
    assert store.get(key) == b"photo"


def test_put_fsyncs_file_and_directory(store, monkeypatch):
    synced: list[bool] = []
    real_fsync = os.fsync

    def spy(fd):
        synced.append(os.path.isdir(f"/proc/self/fd/{fd}"))
        real_fsync(fd)

    monkeypatch.setattr(storage_module.os, "fsync", spy)
    store.put(derived_key(SHA, "thumb"), b"jpeg")
    assert False in synced and True in synced  # the file, then its directory


def test_crash_while_writing_leaves_no_file_under_the_key(store, monkeypatch):
    key = original_key(SHA)

    def half_then_crash(fd, data):
        os.write(fd, data[: len(data) // 2])
        raise OSError("disk full")

    monkeypatch.setattr(storage_module, "_write_all", half_then_crash)
    with pytest.raises(OSError):
        store.put(key, b"0123456789")
    assert not store.exists(key)
    assert list(store.path(key).parent.iterdir()) == []  # the temp file is gone too


def test_crash_before_rename_keeps_the_old_object(store, monkeypatch):
    key = derived_key(SHA, "display")
    store.put(key, b"old complete")

    def crash(*args):
        raise OSError("power cut")

    monkeypatch.setattr(storage_module.os, "replace", crash)
    with pytest.raises(OSError):
        store.put(key, b"new")
    assert store.get(key) == b"old complete"


def test_temp_files_never_look_like_keys(store, monkeypatch):
    """A crash after the temp file was written leaves only a dot-file, never the key."""
    key = original_key(SHA)
    monkeypatch.setattr(storage_module.os, "replace", lambda *args: None)
    store.put(key, b"data")  # rename "lost": simulates dying just before it
    names = [p.name for p in store.path(key).parent.iterdir()]
    assert names and all(n.startswith(".tmp-") for n in names)
    assert not store.exists(key)


def test_resumable_upload(store):
    key = SHA
    assert store.partial_size(key) is None
    assert store.open_partial(key) == 0
    assert store.open_partial(key) == 0
    assert store.append_partial(key, 0, b"hello ") == 6
    with pytest.raises(OffsetMismatch) as caught:
        store.append_partial(key, 3, b"xx")
    assert (caught.value.expected, caught.value.got) == (6, 3)
    with pytest.raises(OffsetMismatch):
        store.append_partial(key, 99, b"xx")
    assert store.append_partial(key, 6, b"world") == 11
    assert store.partial_size(key) == 11
    assert store.partial_bytes(key) == b"hello world"
    store.finalize_partial(key, original_key(SHA))
    assert store.get(original_key(SHA)) == b"hello world"
    assert store.partial_size(key) is None
    with pytest.raises(KeyError):
        store.partial_bytes(key)


def test_append_to_a_missing_upload_must_start_at_zero(store):
    with pytest.raises(OffsetMismatch) as caught:
        store.append_partial(SHA, 5, b"x")
    assert caught.value.expected == 0
    assert store.append_partial(SHA, 0, b"x") == 1


def test_discard_partial(store):
    store.append_partial(SHA, 0, b"abc")
    store.discard_partial(SHA)
    store.discard_partial(SHA)
    assert store.partial_size(SHA) is None
    with pytest.raises(KeyError):
        store.finalize_partial(SHA, original_key(SHA))


def test_concurrent_appends_at_the_same_offset_let_one_win(store):
    store.append_partial(SHA, 0, b"start:")
    barrier, results = threading.Barrier(8), []

    def append(i):
        barrier.wait()
        try:
            results.append(store.append_partial(SHA, 6, bytes([65 + i]) * 1000))
        except OffsetMismatch as exc:
            results.append(exc)

    threads = [threading.Thread(target=append, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(isinstance(r, int) for r in results) == 1
    assert all(r.expected == 1006 for r in results if isinstance(r, OffsetMismatch))
    assert store.partial_size(SHA) == 1006


def test_upload_in_pieces_then_process(store, read_photo):
    """The server's flow: chunks -> verify hash -> process -> store original + derivatives."""
    data = read_photo("DSCN0012.jpg")
    sha = hashlib.sha256(data).hexdigest()
    offset = 0
    for start in range(0, len(data), 40_000):
        offset = store.append_partial(sha, offset, data[start : start + 40_000])
    assembled = store.partial_bytes(sha)
    verify_hash(assembled, sha)
    photo = process(assembled, max_bytes=10_000_000, max_pixels=50_000_000)
    for variant, jpeg in photo.derivatives.items():
        store.put(derived_key(sha, variant), jpeg)
    store.finalize_partial(sha, original_key(sha))
    assert store.get(original_key(sha)) == data
    assert store.exists(derived_key(sha, "thumb")) and store.exists(derived_key(sha, "display"))
