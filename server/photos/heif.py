"""The one place that wires pillow-heif into Pillow, so HEIC/HEIF photos decode.

Registration changes Pillow's global plugin table, so it happens once, lazily, on the
first HEIC photo rather than at import time.
"""

from __future__ import annotations

import io
import threading

from PIL import Image

_lock = threading.Lock()
_registered = False


def ensure_heif_opener() -> None:
    """Register pillow-heif's opener with Pillow once per process."""
    global _registered
    if _registered:
        return
    with _lock:
        if not _registered:
            import pillow_heif

            pillow_heif.register_heif_opener()
            _registered = True


def open_heif_exif(data: bytes) -> Image.Exif | None:
    """Return the HEIF file's EXIF exactly as written (orientation untouched), or None."""
    import pillow_heif

    heif = pillow_heif.open_heif(io.BytesIO(data))
    raw = heif.info.get("exif")
    if not raw:
        return None
    exif = Image.Exif()
    exif.load(raw)
    return exif
