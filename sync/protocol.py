"""The sync contract's push payloads: mutation envelope, per-type payloads, time rules.

Pure marshmallow schemas and functions: the server validates each mutation here
so one bad mutation is rejected alone and never blocks the rest of a batch.
"""

from datetime import UTC, datetime, timedelta

from marshmallow import RAISE, Schema, ValidationError, fields, pre_load, validate

from sync import hostile
from sync.errors import DomainError

MUTATION_TYPES = ("visit.checkin", "report.create", "item.rectified", "item.verify",
                  "item.recheck", "project.progress", "project.verify")
SHA256 = validate.Regexp(r"^[0-9a-f]{64}$", error="must be a lowercase SHA-256 hex digest")
ID = validate.Regexp(r"^[A-Za-z0-9_-]{8,64}$", error="must be a UUID")
EARLIEST = datetime(2000, 1, 1)
FUTURE_SLACK = timedelta(hours=24)


def _refuse_hostile(data, skip: frozenset[str] = frozenset()):
    """Refuse a payload holding a NUL, a lone surrogate or an out-of-range number, naming
    the field (sync.hostile says what is hostile); top-level keys in `skip` are checked
    by a schema of their own."""
    found = hostile.problem(data, skip) if isinstance(data, dict) else None
    if found is not None:
        path, reason = found
        raise ValidationError({path: [reason]})
    return data


class Strict(Schema):
    """Unknown fields are an error, so a typo never silently does nothing; hostile values
    are refused before any field is read."""

    # Fields whose values a schema of their own checks (as the HTTP layer reads it too).
    HOSTILE_CHECKED_ELSEWHERE: tuple[str, ...] = ()

    class Meta:
        """Reject unknown keys."""

        unknown = RAISE

    @pre_load
    def _hostile(self, data, **kwargs):
        """No NUL, lone surrogate or out-of-range number anywhere in the payload."""
        return _refuse_hostile(data, frozenset(self.HOSTILE_CHECKED_ELSEWHERE))


class VisitRef(fields.Field):
    """The visit a report was made on: its server id, or the phone's mutation id of the
    check-in (a report made offline right after checking in)."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value < 2**62:
            return value
        if isinstance(value, str) and ID.regex.match(value):
            return value
        raise ValidationError("must be a visit id or the check-in's mutation id")


class Degrees(fields.Float):
    """Decimal degrees kept to 1e-9° (0.1 mm; a phone's fix is metres): the digits beyond
    are float noise, and a value like 2e-248 would underflow in the database's distance
    arithmetic. -0.0 becomes 0.0."""

    def _deserialize(self, value, attr, data, **kwargs):
        number = super()._deserialize(value, attr, data, **kwargs)
        return None if number is None else (round(number, 9) or 0.0)


def latitude(**kw):
    """A finite WGS-84 latitude."""
    return Degrees(allow_nan=False, validate=validate.Range(-90, 90), **kw)


def longitude(**kw):
    """A finite WGS-84 longitude."""
    return Degrees(allow_nan=False, validate=validate.Range(-180, 180), **kw)


def accuracy(**kw):
    """A GPS accuracy radius in metres, or None."""
    return fields.Float(allow_nan=False, validate=validate.Range(0, 100_000), allow_none=True,
                        **kw)


def photo_list(**kw):
    """Up to nine photo hashes; whether any are required is the workflow's rule."""
    return fields.List(fields.String(validate=SHA256), validate=validate.Length(0, 9), **kw)


def text(max_len: int, **kw):
    """A string of at most max_len characters."""
    return fields.String(validate=validate.Length(max=max_len), **kw)


def item_id(**kw):
    """An item id."""
    return fields.Integer(strict=True, validate=validate.Range(1, 2**62), **kw)


class MutationIn(Strict):
    """One mutation as the phone recorded it; its payload is checked by type later."""

    HOSTILE_CHECKED_ELSEWHERE = ("payload",)  # by its type's schema: walked once, not twice

    id = fields.String(required=True, validate=ID)
    type = fields.String(required=True, validate=validate.Length(max=40))
    at = fields.AwareDateTime(required=True, default_timezone=UTC)
    payload = fields.Dict(required=True)


class PushIn(Schema):
    """A batch of mutations from one device."""

    # Each mutation is checked on its own (parse_mutation), so one hostile mutation is
    # refused alone; the HTTP layer checks the rest of the body.
    HOSTILE_CHECKED_ELSEWHERE = ("mutations",)

    class Meta:
        """Reject unknown keys."""

        unknown = RAISE

    device_id = fields.String(required=True, validate=validate.Length(1, 100))
    mutations = fields.List(fields.Raw(), required=True)


class CheckinPayload(Strict):
    """visit.checkin"""

    area_id = fields.Integer(required=True, strict=True, validate=validate.Range(1, 2**31 - 1))
    lat = latitude(required=True)
    lon = longitude(required=True)
    accuracy_m = accuracy()
    note = fields.String(allow_none=True, validate=validate.Length(max=1000))


class ReportPayload(Strict):
    """report.create"""

    area_id = fields.Integer(required=True, strict=True, validate=validate.Range(1, 2**31 - 1))
    category = fields.String(required=True, validate=validate.Length(1, 40))
    description = fields.String(required=True, validate=validate.Length(1, 2000))
    severity = fields.String(load_default="normal", validate=validate.OneOf(["urgent", "normal"]))
    lat = latitude(required=True, allow_none=True)
    lon = longitude(required=True, allow_none=True)
    accuracy_m = accuracy()
    captured_at = fields.AwareDateTime(required=True, default_timezone=UTC)
    photos = photo_list(load_default=list)
    visit_id = VisitRef(allow_none=True)


class RectifiedFields(Strict):
    """整改完成: note and after-photos, with the position when known."""

    note = fields.String(required=True, validate=validate.Length(1, 2000))
    photos = photo_list(required=True)
    lat = latitude(allow_none=True)
    lon = longitude(allow_none=True)
    accuracy_m = accuracy()


class RectifiedPayload(RectifiedFields):
    """item.rectified"""

    item_id = item_id(required=True)


class VerifyFields(Strict):
    """验收: decision, the resident's satisfaction, photos and the supervisor's position."""

    decision = fields.String(required=True, validate=validate.OneOf(["accept", "return"]))
    satisfaction = fields.String(required=True,
                                 validate=validate.OneOf(["satisfied", "basic", "unsatisfied"]))
    photos = photo_list(load_default=list)
    lat = latitude(required=True)
    lon = longitude(required=True)
    accuracy_m = accuracy()
    note = text(2000, allow_none=True)
    resident_name = text(60, allow_none=True)
    signature = fields.String(allow_none=True, validate=SHA256)


class VerifyPayload(VerifyFields):
    """item.verify"""

    item_id = item_id(required=True)


class RecheckFields(Strict):
    """周抽查复核: pass or fail, a note (required for fail, by the rule), photos, position."""

    result = fields.String(required=True, validate=validate.OneOf(["pass", "fail"]))
    note = text(2000, allow_none=True)
    photos = photo_list(required=True)
    lat = latitude(required=True)
    lon = longitude(required=True)
    accuracy_m = accuracy()


class RecheckPayload(RecheckFields):
    """item.recheck"""

    item_id = item_id(required=True)


class ProgressPayload(Strict):
    """project.progress: 项目进展 from the unit (the rules: sync/projects.py)."""

    project_id = fields.Integer(strict=True, required=True, validate=validate.Range(1, 2**31 - 1))
    text = fields.String(required=True, validate=validate.Length(1, 2000))
    percent = fields.Integer(strict=True, allow_none=True, validate=validate.Range(0, 100))
    investment_done_wan = fields.Decimal(places=2, allow_nan=False, allow_none=True,
                                         validate=validate.Range(0, 10**10))
    over_budget_reason = fields.String(allow_none=True, validate=validate.Length(max=2000))
    photos = photo_list(load_default=list)
    lat = latitude(allow_none=True)
    lon = longitude(allow_none=True)
    accuracy_m = accuracy()


class ProjectVerifyPayload(VerifyFields):
    """project.verify: 验收 of a 民生实事 project, with an item's verify body (the rule:
    sync.projects.verify)."""

    project_id = fields.Integer(strict=True, required=True, validate=validate.Range(1, 2**31 - 1))


PAYLOADS = {"visit.checkin": CheckinPayload, "report.create": ReportPayload,
            "item.rectified": RectifiedPayload, "item.verify": VerifyPayload,
            "item.recheck": RecheckPayload, "project.progress": ProgressPayload,
            "project.verify": ProjectVerifyPayload}
# Built once: making a schema copies its fields, which costs more than loading a payload.
_ENVELOPE = MutationIn()
_PAYLOAD_SCHEMAS = {name: schema() for name, schema in PAYLOADS.items()}


def _naive_utc(name: str, value: datetime) -> datetime:
    """Aware datetime to naive UTC, the form the server stores (refused if that UTC time
    does not exist, as for 9999-12-31T23:59:59-14:00)."""
    try:
        return value.astimezone(UTC).replace(tzinfo=None)
    except OverflowError:
        raise DomainError("validation_failed", f"{name} is not a plausible time",
                          {"fields": {name: ["not a plausible time"]}}) from None


def _check_time(name: str, value: datetime, now: datetime) -> None:
    """Refuse a phone time before 2000 or far in the future."""
    if value < EARLIEST or value > now + FUTURE_SLACK:
        raise DomainError("validation_failed", f"{name} is not a plausible time",
                          {"fields": {name: ["not a plausible time"]}})


def parse_mutation(raw: dict, now: datetime) -> tuple[dict, dict]:
    """Validate a raw mutation; returns (envelope, payload) or raises DomainError."""
    try:
        env = _ENVELOPE.load(raw)
        if env["type"] not in PAYLOADS:
            raise DomainError("unknown_mutation_type", f"unknown mutation type {env['type']!r}",
                              {"type": env["type"][:40]})
        payload = _PAYLOAD_SCHEMAS[env["type"]].load(env["payload"])
    except ValidationError as exc:
        raise DomainError("validation_failed", "invalid mutation",
                          {"fields": hostile.scrub(exc.messages)}) from exc
    env["at"] = _naive_utc("at", env["at"])
    _check_time("at", env["at"], now)
    if "captured_at" in payload:
        payload["captured_at"] = _naive_utc("captured_at", payload["captured_at"])
        _check_time("captured_at", payload["captured_at"], now)
    return env, payload


def photos_of(payload: dict) -> list[str]:
    """Every photo hash a payload refers to, the signature included."""
    shas = list(payload.get("photos") or ())
    if payload.get("signature"):
        shas.append(payload["signature"])
    return shas
