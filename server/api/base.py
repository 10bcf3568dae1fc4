"""The flask-smorest Api with errors answered in the project's one error shape."""

from apispec.ext.marshmallow import MarshmallowPlugin
from apispec.ext.marshmallow.common import resolve_schema_cls
from flask_smorest import Api

from server.api.schemas.common import ErrorOut
from server.errors import http_exception_response


def schema_name(schema) -> str:
    """OpenAPI component names: the class's module area plus name; partial ones apart."""
    cls = resolve_schema_cls(schema)
    area = cls.__module__.rsplit(".", 1)[-1].capitalize()
    name = cls.__name__
    if area not in ("Items", "Common", "Protocol") and not name.startswith(area):
        name = area + name
    if getattr(schema, "partial", False) is True:
        name += "Patch"
    return name


class ZlApi(Api):
    """flask-smorest Api whose HTTP errors use `server.errors`' shape."""

    ERROR_SCHEMA = ErrorOut

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("spec_kwargs", {}).setdefault(
            "marshmallow_plugin", MarshmallowPlugin(schema_name_resolver=schema_name))
        super().__init__(*args, **kwargs)

    def handle_http_exception(self, error):
        """Answer an HTTP error in the shared error shape."""
        return http_exception_response(error)
