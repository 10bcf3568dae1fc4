"""Errors of the photo pipeline, shaped like the sync contract's error body.

The API layer maps `PhotoError.code` to an HTTP status (hash_mismatch 400, too_large 413,
unsupported_media 415, bad_image 422) and `OffsetMismatch` to a resumable-upload answer.
"""

from __future__ import annotations

from typing import Any

CODES = frozenset({"hash_mismatch", "too_large", "unsupported_media", "bad_image"})


class PhotoError(Exception):
    """A photo was refused; `code` is one of CODES, `message` is English text."""

    def __init__(self, code: str, message: str, details: dict[str, Any] | None = None):
        """Build the error; an unknown code is a programming error."""
        if code not in CODES:
            raise ValueError(f"unknown photo error code: {code!r}")
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.details: dict[str, Any] = dict(details or {})

    def to_dict(self) -> dict[str, Any]:
        """Return the `{"code", "message", "details"}` part of the error body."""
        return {"code": self.code, "message": self.message, "details": dict(self.details)}


class OffsetMismatch(Exception):
    """A resumable-upload chunk did not start where the stored part ends."""

    def __init__(self, key: str, expected: int, got: int):
        """Remember the stored size (`expected`) and the offset the client sent (`got`)."""
        super().__init__(f"upload {key!r}: offset {got} does not match stored size {expected}")
        self.key = key
        self.expected = expected
        self.got = got
