"""How request bodies and query strings are read: JSON that cannot hurt, values that fit.

webargs would parse JSON with the standard decoder, which recurses on nesting and
converts a 5,000-digit integer until Python refuses; and a string with NUL reaches
PostgreSQL intact. This parser reads JSON through `sync.hostile.loads` and, after the
schema has loaded the arguments, refuses any hostile value (`sync.hostile.problem`) with a
422 in the shared shape. A schema whose fields are checked item by item elsewhere (the
push's mutations, so that one bad mutation is refused alone) names them in
`HOSTILE_CHECKED_ELSEWHERE`.
"""

from flask_smorest import Blueprint
from webargs import core
from webargs.flaskparser import FlaskParser, is_json_request

from server.errors import ApiError
from sync import hostile


class SafeParser(FlaskParser):
    """FlaskParser with bounded JSON and a check of every loaded value."""

    def _raw_load_json(self, req):
        """The body as JSON, parsed by the bounded decoder; 400 if it is not such JSON."""
        if not is_json_request(req):
            return core.missing
        try:
            return hostile.loads(req.get_data(cache=True))
        except hostile.HostileJson as exc:
            raise ApiError("malformed_json", {"reason": exc.reason}) from None

    def _load_location_data(self, *, schema, req, location):
        """One location's raw values, refused if hostile before the schema sees them."""
        data = super()._load_location_data(schema=schema, req=req, location=location)
        if location in ("query", "querystring"):
            _refuse(dict(req.args.lists()), schema)
        elif location == "form":
            _refuse(dict(req.form.lists()), schema)
        elif data is not core.missing:
            _refuse(data, schema)
        return data

    def _process_location_data(self, location_data, schema, req, location, unknown,
                               validators):
        """The loaded values, refused if one is out of range (a date, a number)."""
        data = super()._process_location_data(location_data, schema, req, location,
                                              unknown, validators)
        _refuse(data, schema)
        return data


def _refuse(data, schema) -> None:
    """422 for the first hostile value in `data`, skipping what the schema checks itself."""
    skip = frozenset(getattr(schema, "HOSTILE_CHECKED_ELSEWHERE", ()))
    found = hostile.problem(data, skip if isinstance(data, dict) else frozenset())
    if found is not None:
        path, reason = found
        raise ApiError("validation_failed", {"fields": {path or "body": [reason]}})


class ZlBlueprint(Blueprint):
    """The project's Blueprint: arguments read by SafeParser."""

    ARGUMENTS_PARSER = SafeParser()
