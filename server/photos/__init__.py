"""Photo pipeline of 丈量: sniffing, EXIF, derivatives, perceptual hash and storage.

Pure I/O and imaging, no Flask and no database: the server's services call it.
"""

from .errors import CODES, OffsetMismatch, PhotoError
from .exif import ExifInfo, read_exif
from .imaging import DISPLAY_SIZE, JPEG_QUALITY, THUMB_SIZE, VARIANTS, derivatives, inspect
from .phash import (
    FLAT_HASH,
    NEAR_IDENTICAL_MAX_DISTANCE,
    from_signed64,
    hamming,
    is_near_identical,
    perceptual_hash,
    to_signed64,
)
from .pipeline import ProcessedPhoto, process, verify_hash
from .s3 import S3Store
from .sniff import SUPPORTED_MIMES, sniff
from .storage import (
    FileSystemStore,
    LocalPartials,
    PhotoStore,
    check_key,
    derived_key,
    original_key,
)

__all__ = [
    "CODES",
    "DISPLAY_SIZE",
    "FLAT_HASH",
    "JPEG_QUALITY",
    "NEAR_IDENTICAL_MAX_DISTANCE",
    "SUPPORTED_MIMES",
    "THUMB_SIZE",
    "VARIANTS",
    "ExifInfo",
    "FileSystemStore",
    "LocalPartials",
    "OffsetMismatch",
    "PhotoError",
    "PhotoStore",
    "ProcessedPhoto",
    "S3Store",
    "check_key",
    "derived_key",
    "derivatives",
    "from_signed64",
    "hamming",
    "inspect",
    "is_near_identical",
    "original_key",
    "perceptual_hash",
    "process",
    "read_exif",
    "sniff",
    "to_signed64",
    "verify_hash",
]
