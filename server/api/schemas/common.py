"""Field types shared by the schemas."""

from marshmallow import Schema, fields, validate

SHA256 = validate.Regexp(r"^[0-9a-f]{64}$", error="must be a lowercase SHA-256 hex digest")


def Finite(**kw):  # noqa: N802 - reads as a field type
    """A float that must be finite: marshmallow refuses NaN and infinity by default."""
    return fields.Float(allow_nan=False, **kw)


def latitude(**kw):
    """A WGS-84 latitude."""
    return Finite(validate=validate.Range(-90, 90), **kw)


def longitude(**kw):
    """A WGS-84 longitude."""
    return Finite(validate=validate.Range(-180, 180), **kw)


def accuracy(**kw):
    """A GPS accuracy radius in metres."""
    return Finite(validate=validate.Range(0, 100_000), allow_none=True, **kw)


def text(max_len: int, **kw):
    """A bounded string."""
    return fields.String(validate=validate.Length(max=max_len), **kw)


def photo_list(max_len: int = 9, **kw):
    """A list of photo hashes."""
    return fields.List(fields.String(validate=SHA256), validate=validate.Length(max=max_len),
                       **kw)


class StrictSchema(Schema):
    """Unknown fields are an error, so typos do not silently do nothing."""

    class Meta:
        """Reject unknown keys."""

        unknown = "raise"
