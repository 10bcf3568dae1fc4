"""The sync contract's push payloads: mutation envelope, per-type payloads, time rules.

Pure marshmallow schemas and functions: the server validates each mutation here
so one bad mutation is rejected alone and never blocks the rest of a batch.
"""

import math
from datetime import UTC, datetime, timedelta

from marshmallow import RAISE, Schema, ValidationError, fields, validate

from sync.errors import DomainError

MUTATION_TYPES = ("visit.checkin", "report.create", "item.rectified", "item.verify")
SHA256 = validate.Regexp(r"^[0-9a-f]{64}$", error="must be a lowercase SHA-256 hex digest")
ID = validate.Regexp(r"^[A-Za-z0-9_-]{8,64}$", error="must be a UUID")
EARLIEST = datetime(2000, 1, 1)
FUTURE_SLACK = timedelta(hours=24)


class _Strict(Schema):
    """Unknown fields are an error."""

    class Meta:
        """Reject unknown keys."""

        unknown = RAISE


def _lat(**kw):
    return fields.Float(allow_nan=False, validate=validate.Range(-90, 90), **kw)


def _lon(**kw):
    return fields.Float(allow_nan=False, validate=validate.Range(-180, 180), **kw)


def _acc(**kw):
    return fields.Float(allow_nan=False, validate=validate.Range(0, 100_000), allow_none=True,
                        **kw)


def _photos(min_len=0, **kw):
    return fields.List(fields.String(validate=SHA256), validate=validate.Length(min_len, 9), **kw)


class MutationIn(Schema):
    """One mutation as the phone recorded it; its payload is checked by type later."""

    class Meta:
        """Reject unknown keys."""

        unknown = RAISE

    id = fields.String(required=True, validate=ID)
    type = fields.String(required=True, validate=validate.Length(max=40))
    at = fields.AwareDateTime(required=True, default_timezone=UTC)
    payload = fields.Dict(required=True)


class PushIn(Schema):
    """A batch of mutations from one device."""

    class Meta:
        """Reject unknown keys."""

        unknown = RAISE

    device_id = fields.String(required=True, validate=validate.Length(1, 100))
    mutations = fields.List(fields.Raw(), required=True)


class CheckinPayload(_Strict):
    """visit.checkin"""

    area_id = fields.Integer(required=True, strict=True, validate=validate.Range(1, 2**31 - 1))
    lat = _lat(required=True)
    lon = _lon(required=True)
    accuracy_m = _acc()
    note = fields.String(allow_none=True, validate=validate.Length(max=1000))


class ReportPayload(_Strict):
    """report.create"""

    area_id = fields.Integer(required=True, strict=True, validate=validate.Range(1, 2**31 - 1))
    category = fields.String(required=True, validate=validate.Length(1, 40))
    description = fields.String(required=True, validate=validate.Length(1, 2000))
    severity = fields.String(load_default="normal", validate=validate.OneOf(["urgent", "normal"]))
    lat = _lat(required=True, allow_none=True)
    lon = _lon(required=True, allow_none=True)
    accuracy_m = _acc()
    captured_at = fields.AwareDateTime(required=True, default_timezone=UTC)
    photos = _photos(load_default=list)
    visit_id = fields.Raw(allow_none=True)


class RectifiedPayload(_Strict):
    """item.rectified"""

    item_id = fields.Integer(required=True, strict=True, validate=validate.Range(1, 2**62))
    note = fields.String(required=True, validate=validate.Length(1, 2000))
    photos = _photos(1, required=True)
    lat = _lat(allow_none=True)
    lon = _lon(allow_none=True)
    accuracy_m = _acc()


class VerifyPayload(_Strict):
    """item.verify"""

    item_id = fields.Integer(required=True, strict=True, validate=validate.Range(1, 2**62))
    decision = fields.String(required=True, validate=validate.OneOf(["accept", "return"]))
    satisfaction = fields.String(required=True,
                                 validate=validate.OneOf(["satisfied", "basic", "unsatisfied"]))
    photos = _photos(load_default=list)
    lat = _lat(required=True)
    lon = _lon(required=True)
    accuracy_m = _acc()
    note = fields.String(allow_none=True, validate=validate.Length(max=2000))
    resident_name = fields.String(allow_none=True, validate=validate.Length(max=60))
    signature = fields.String(allow_none=True, validate=SHA256)


PAYLOADS = {"visit.checkin": CheckinPayload, "report.create": ReportPayload,
            "item.rectified": RectifiedPayload, "item.verify": VerifyPayload}


def _naive_utc(value: datetime) -> datetime:
    """Aware datetime to naive UTC, the form the server stores."""
    return value.astimezone(UTC).replace(tzinfo=None)


def _check_time(name: str, value: datetime, now: datetime) -> None:
    """Refuse a phone time before 2000 or far in the future."""
    if value < EARLIEST or value > now + FUTURE_SLACK:
        raise DomainError("validation_failed", f"{name} is not a plausible time",
                          {"fields": {name: ["not a plausible time"]}})


def parse_mutation(raw: dict, now: datetime) -> tuple[dict, dict]:
    """Validate a raw mutation; returns (envelope, payload) or raises DomainError."""
    try:
        env = MutationIn().load(raw)
        if env["type"] not in PAYLOADS:
            raise DomainError("unknown_mutation_type", f"unknown mutation type {env['type']!r}",
                              {"type": env["type"][:40]})
        payload = PAYLOADS[env["type"]]().load(env["payload"])
    except ValidationError as exc:
        raise DomainError("validation_failed", "invalid mutation",
                          {"fields": exc.messages}) from exc
    env["at"] = _naive_utc(env["at"])
    _check_time("at", env["at"], now)
    if "captured_at" in payload:
        payload["captured_at"] = _naive_utc(payload["captured_at"])
        _check_time("captured_at", payload["captured_at"], now)
    for key in ("lat", "lon", "accuracy_m"):
        if isinstance(payload.get(key), float) and not math.isfinite(payload[key]):
            raise DomainError("validation_failed", f"{key} must be finite", {"field": key})
    return env, payload


def photos_of(payload: dict) -> list[str]:
    """Every photo hash a payload refers to, the signature included."""
    shas = list(payload.get("photos") or ())
    if payload.get("signature"):
        shas.append(payload["signature"])
    return shas
