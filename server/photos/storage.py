"""Where photo bytes live: a small store interface and its local-filesystem backend.

Keys are content-addressed (`originals/ab/cd/<sha>`, `derived/<variant>/ab/<sha>.jpg`),
so a stored object never changes. Writes are atomic: a reader sees the whole file or
nothing, even after a crash. Resumable uploads collect their bytes in a "partial" that
is appended at a checked offset and moved into place once complete and verified.
The S3 backend is in s3.py.
"""

from __future__ import annotations

import fcntl
import os
import re
import tempfile
from abc import ABC, abstractmethod
from pathlib import Path

from .errors import OffsetMismatch

_KEY_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*")
_SHA_RE = re.compile(r"[0-9a-f]{64}")
_VARIANT_RE = re.compile(r"[a-z][a-z0-9_]*")


def original_key(sha256: str) -> str:
    """Return the key of an original: originals/ab/cd/<sha>."""
    sha = _check_sha(sha256)
    return f"originals/{sha[:2]}/{sha[2:4]}/{sha}"


def derived_key(sha256: str, variant: str) -> str:
    """Return the key of a derivative: derived/<variant>/ab/<sha>.jpg."""
    sha = _check_sha(sha256)
    if not _VARIANT_RE.fullmatch(variant):
        raise ValueError(f"bad variant name: {variant!r}")
    return f"derived/{variant}/{sha[:2]}/{sha}.jpg"


def check_key(key: str) -> str:
    """Return the key if it is a safe relative path of plain segments, else ValueError."""
    if not isinstance(key, str) or len(key) > 512 or not _KEY_RE.fullmatch(key):
        raise ValueError(f"bad storage key: {key!r}")
    return key


def _check_sha(sha256: str) -> str:
    """Return a lowercase SHA-256 hex string or raise ValueError."""
    if not isinstance(sha256, str) or not _SHA_RE.fullmatch(sha256):
        raise ValueError(f"not a lowercase SHA-256 hex digest: {sha256!r}")
    return sha256


class PhotoStore(ABC):
    """Byte storage for photos; `get` raises KeyError for a missing key."""

    @abstractmethod
    def put(self, key: str, data: bytes) -> None:
        """Store bytes atomically under key (whole object or nothing)."""

    @abstractmethod
    def get(self, key: str) -> bytes:
        """Return the stored bytes; KeyError if absent."""

    @abstractmethod
    def exists(self, key: str) -> bool:
        """Return whether a complete object is stored under key."""

    # Unfinished uploads live in `self.partials` (a LocalPartials) for every backend.
    partials: LocalPartials

    def partial_size(self, key: str) -> int | None:
        """Return how many bytes of an unfinished upload arrived, or None if none."""
        return self.partials.size(key)

    def open_partial(self, key: str) -> int:
        """Start an unfinished upload if there is none; return its current size."""
        return self.partials.open(key)

    def append_partial(self, key: str, offset: int, data: bytes) -> int:
        """Append at offset (must equal the current size, else OffsetMismatch); new size."""
        return self.partials.append(key, offset, data)

    def partial_bytes(self, key: str) -> bytes:
        """Return the bytes of an unfinished upload; KeyError if none."""
        return self.partials.read(key)

    @abstractmethod
    def finalize_partial(self, key: str, final_key: str) -> None:
        """Store the unfinished upload's bytes under final_key and drop the partial."""

    def discard_partial(self, key: str) -> None:
        """Drop an unfinished upload; no error if there is none."""
        self.partials.discard(key)


class LocalPartials:
    """Unfinished uploads as files in one directory, appended under an exclusive lock.

    Each append is fsynced before it is acknowledged. flock serialises appends from
    processes on one host; a directory shared between hosts needs a filesystem whose
    flock works across them. After a crash the file may hold more bytes than were
    acknowledged; the client resumes from the reported size and the final SHA-256 check
    catches anything wrong.
    """

    def __init__(self, directory: str | os.PathLike[str]):
        """Use (and create when needed) the given directory."""
        self.directory = Path(directory)

    def path(self, key: str) -> Path:
        """Return the file of an unfinished upload."""
        return self.directory / (check_key(key) + ".part")

    def size(self, key: str) -> int | None:
        """Return the current size, or None if there is no such upload."""
        try:
            return self.path(key).stat().st_size
        except FileNotFoundError:
            return None

    def open(self, key: str) -> int:
        """Create an empty upload if missing; return its size."""
        path = self.path(key)
        make_dirs(path.parent)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            return os.fstat(fd).st_size
        finally:
            os.close(fd)

    def append(self, key: str, offset: int, data: bytes) -> int:
        """Append data if offset equals the current size; return the new size."""
        path = self.path(key)
        if offset != 0 and not path.exists():
            raise OffsetMismatch(key, 0, offset)
        make_dirs(path.parent)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            size = os.fstat(fd).st_size
            if offset != size:
                raise OffsetMismatch(key, size, offset)
            _write_all(fd, data)
            os.fsync(fd)
            return size + len(data)
        finally:
            os.close(fd)  # closing releases the lock

    def read(self, key: str) -> bytes:
        """Return the bytes so far; KeyError if there is no such upload."""
        try:
            return self.path(key).read_bytes()
        except FileNotFoundError:
            raise KeyError(key) from None

    def discard(self, key: str) -> None:
        """Delete the upload if present."""
        self.path(key).unlink(missing_ok=True)


class FileSystemStore(PhotoStore):
    """Objects as files under a root directory; partials under `<root>/partials`."""

    def __init__(
        self, root: str | os.PathLike[str], partial_dir: str | os.PathLike[str] | None = None
    ):
        """Store under root; partials default to root/partials (same filesystem)."""
        self.root = Path(root)
        self.partials = LocalPartials(partial_dir or self.root / "partials")

    def path(self, key: str) -> Path:
        """Return the file path of a key."""
        return self.root / check_key(key)

    def put(self, key: str, data: bytes) -> None:
        """Write a temp file beside the target, fsync, rename over it, fsync the dir."""
        path = self.path(key)
        make_dirs(path.parent)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".part")
        try:
            _write_all(fd, data)
            os.fsync(fd)
            os.close(fd)
            fd = -1
            os.replace(tmp, path)
        except BaseException:
            if fd >= 0:
                os.close(fd)
            Path(tmp).unlink(missing_ok=True)
            raise
        fsync_dir(path.parent)

    def get(self, key: str) -> bytes:
        """Return the file's bytes; KeyError if absent."""
        try:
            return self.path(key).read_bytes()
        except (FileNotFoundError, IsADirectoryError):
            raise KeyError(key) from None

    def exists(self, key: str) -> bool:
        """Return whether the file exists."""
        return self.path(key).is_file()





    def finalize_partial(self, key: str, final_key: str) -> None:
        """Rename the partial into place (same filesystem: atomic); else copy via put."""
        source = self.partials.path(key)
        if not source.exists():
            raise KeyError(key)
        target = self.path(final_key)
        make_dirs(target.parent)
        try:
            os.replace(source, target)
        except OSError:
            self.put(final_key, source.read_bytes())
            source.unlink(missing_ok=True)
            return
        fsync_dir(target.parent)
        fsync_dir(source.parent)


def make_dirs(directory: Path) -> None:
    """Create missing directories, fsyncing each new one's parent so they survive a crash."""
    missing = []
    current = directory
    while not current.exists():
        missing.append(current)
        current = current.parent
    for path in reversed(missing):
        try:
            path.mkdir()
        except FileExistsError:
            continue  # another writer made it
        fsync_dir(path.parent)


def fsync_dir(directory: Path) -> None:
    """Flush a directory entry change (create, rename) to disk."""
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_all(fd: int, data: bytes) -> None:
    """Write every byte to fd (os.write may write less than asked)."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]
