"""S3-compatible object storage for photos, the scale-out option of DESIGN.md's Storage.

Unfinished resumable uploads are NOT kept in S3: phones send small chunks, and S3
multipart parts must be at least 5 MiB (except the last) and cannot be read back before
completion. Chunks go to a local partial directory (see storage.LocalPartials); only the
complete, verified file is PUT to S3, and a PUT is atomic. With several app servers,
`partial_dir` must be a shared volume (or the load balancer must keep an upload on one
server); a lost partial only makes the phone restart that upload from byte 0.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from botocore.exceptions import ClientError

from .storage import LocalPartials, PhotoStore, check_key

_MISSING_CODES = frozenset({"404", "NoSuchKey", "NotFound"})


class S3Store(PhotoStore):
    """Objects in one bucket under an optional prefix; partials on the local filesystem."""

    def __init__(
        self,
        bucket: str,
        endpoint_url: str | None = None,
        client: Any = None,
        prefix: str = "",
        partial_dir: str | os.PathLike[str] | None = None,
    ):
        """Use the given boto3 S3 client, or make one (credentials from the environment)."""
        if client is None:
            import boto3

            client = boto3.client("s3", endpoint_url=endpoint_url)
        self.client = client
        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        default_dir = Path(tempfile.gettempdir()) / "zhangliang-partials"
        self.partials = LocalPartials(partial_dir or default_dir)

    def object_key(self, key: str) -> str:
        """Return the S3 object key of a store key."""
        return self.prefix + check_key(key)

    def put(self, key: str, data: bytes) -> None:
        """PUT the object; S3 makes it visible whole or not at all."""
        self.client.put_object(Bucket=self.bucket, Key=self.object_key(key), Body=data)

    def get(self, key: str) -> bytes:
        """GET the object; KeyError if absent."""
        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=self.object_key(key))
        except ClientError as exc:
            if _is_missing(exc):
                raise KeyError(key) from None
            raise
        with answer["Body"] as body:
            return body.read()

    def exists(self, key: str) -> bool:
        """HEAD the object."""
        try:
            self.client.head_object(Bucket=self.bucket, Key=self.object_key(key))
        except ClientError as exc:
            if _is_missing(exc):
                return False
            raise
        return True





    def finalize_partial(self, key: str, final_key: str) -> None:
        """PUT the complete local partial to S3, then delete it locally."""
        self.put(final_key, self.partials.read(key))
        self.partials.discard(key)



def _is_missing(exc: ClientError) -> bool:
    """Return whether a botocore error means 'no such object'."""
    return str(exc.response.get("Error", {}).get("Code", "")) in _MISSING_CODES
