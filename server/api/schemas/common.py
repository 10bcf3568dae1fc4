"""Field types shared by the API schemas: the sync protocol's, so both paths agree."""

from sync.protocol import SHA256, Strict, accuracy, latitude, longitude, photo_list, text

StrictSchema = Strict

__all__ = ["SHA256", "StrictSchema", "accuracy", "latitude", "longitude", "photo_list", "text"]
