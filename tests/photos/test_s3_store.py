"""S3Store against a real moto S3 server running in a separate process (no boto3 mocks)."""

from __future__ import annotations

import hashlib
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from server.photos import OffsetMismatch, S3Store, derived_key, original_key

BUCKET = "zhangliang-photos"
SHA = hashlib.sha256(b"s3 photo").hexdigest()


def free_port() -> int:
    """Ask the OS for a free local TCP port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def moto_endpoint():
    """Start `python -m moto.server` on a free port; stop it after the module."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(endpoint + "/moto-api/", timeout=1):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("moto server did not start", pytrace=False)
                time.sleep(0.2)
        yield endpoint
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def s3_client(moto_endpoint):
    import boto3

    s3 = boto3.client(
        "s3",
        endpoint_url=moto_endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    try:
        s3.create_bucket(Bucket=BUCKET)
    except s3.exceptions.BucketAlreadyOwnedByYou:
        pass
    return s3


@pytest.fixture
def store(s3_client, tmp_path):
    return S3Store(BUCKET, client=s3_client, prefix="county-a/", partial_dir=tmp_path / "parts")


def test_put_get_exists(store, s3_client):
    key = original_key(SHA)
    assert not store.exists(key)
    with pytest.raises(KeyError):
        store.get(key)
    store.put(key, b"s3 photo")
    assert store.exists(key)
    assert store.get(key) == b"s3 photo"
    stored = s3_client.get_object(Bucket=BUCKET, Key="county-a/" + key)["Body"].read()
    assert stored == b"s3 photo"


def test_resumable_upload_goes_to_s3_only_when_complete(store, s3_client, tmp_path):
    key, final = SHA, derived_key(SHA, "display")
    assert store.partial_size(key) is None
    assert store.append_partial(key, 0, b"abc") == 3
    with pytest.raises(OffsetMismatch):
        store.append_partial(key, 1, b"zzz")
    assert store.append_partial(key, 3, b"def") == 6
    assert store.partial_bytes(key) == b"abcdef"
    listed = s3_client.list_objects_v2(Bucket=BUCKET, Prefix="county-a/derived/")
    assert listed.get("KeyCount", 0) == 0  # nothing in S3 before finalize
    store.finalize_partial(key, final)
    assert store.get(final) == b"abcdef"
    assert store.partial_size(key) is None
    assert list((tmp_path / "parts").iterdir()) == []


def test_discard_partial(store):
    store.open_partial(SHA)
    store.discard_partial(SHA)
    assert store.partial_size(SHA) is None


def test_unsafe_keys_are_refused(store):
    with pytest.raises(ValueError):
        store.put("../escape", b"x")


def test_store_built_from_endpoint_url(moto_endpoint, s3_client, tmp_path, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    store = S3Store(BUCKET, endpoint_url=moto_endpoint, partial_dir=tmp_path)
    store.put("originals/aa/bb/x", b"1")
    assert store.get("originals/aa/bb/x") == b"1"
