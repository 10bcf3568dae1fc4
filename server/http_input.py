"""The app's edges that no handler sees: path numbers and the JSON it writes.

A path's `<int:...>` beyond what a database column holds names nothing, so it is a 404
before any query (PostgreSQL would refuse the bigint with a 5xx). And whatever text an
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
    """`<int:...>` that only matches ids a database can hold (1 to 2**63 - 1)."""

    def __init__(self, map, fixed_digits=0, min=1, max=INT_MAX, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


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
