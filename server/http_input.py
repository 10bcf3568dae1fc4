"""The app's edges that no handler sees: path numbers and the JSON it writes.

A path's `<int:...>` beyond what a database column holds names nothing: it becomes id 0,
so the token is still checked first and the record then answers 404, and no query ever
carries it (PostgreSQL would refuse the bigint with a 5xx). And whatever text an
answer quotes back (a mutation id with a lone surrogate, echoed in its rejection), the
JSON written is valid UTF-8: text is sent unescaped, unless it holds a lone surrogate,
which no UTF-8 can carry, and then the answer is written with ASCII escapes.
"""

import re

from flask.json.provider import DefaultJSONProvider
from werkzeug.routing import IntegerConverter

from sync.hostile import INT_MAX

_SURROGATE = re.compile(r"[\ud800-\udfff]")


class BoundedInt(IntegerConverter):
    """`<int:...>` for ids: any run of digits matches, and one no database column holds
    (0, negative, beyond 2**63 - 1) becomes 0, an id that names nothing. So the route is
    found, the token is checked first (401), and the missing record answers 404."""

    regex = r"-?\d+"

    def to_python(self, value: str) -> int:
        """The id, or 0 when it is out of every column's range."""
        if len(value) > 20:
            return 0
        number = int(value)
        return number if 1 <= number <= INT_MAX else 0


class SafeJSONProvider(DefaultJSONProvider):
    """Flask's JSON provider, unescaped text unless it would not encode as UTF-8."""

    ensure_ascii = False

    def dumps(self, obj, **kwargs):
        """JSON text that always encodes as UTF-8."""
        text = super().dumps(obj, **kwargs)
        if _SURROGATE.search(text):
            return super().dumps(obj, **{**kwargs, "ensure_ascii": True})
        return text


def install(app) -> None:
    """Bounded path integers and the safe JSON provider (before any route is added)."""
    app.url_map.converters["int"] = BoundedInt
    app.json_provider_class = SafeJSONProvider
    app.json = SafeJSONProvider(app)
