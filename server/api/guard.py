"""Bearer-token authentication and role checks for handlers."""

from functools import wraps

from flask import g, request

from server.errors import ApiError
from server.services.auth import user_for_token


def bearer_token() -> str | None:
    """The token from the Authorization header, if any."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def current_user():
    """The authenticated user of this request (set by `auth_required`)."""
    return g.user


def auth_required(*roles: str):
    """Require a live token, and one of `roles` when given."""

    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            token = bearer_token()
            user = user_for_token(token) if token else None
            if user is None:
                raise ApiError("unauthorized", headers={"WWW-Authenticate": "Bearer"})
            if roles and not set(roles) & set(user.roles or ()):
                raise ApiError("forbidden", {"roles": list(roles)})
            g.user, g.token = user, token
            return view(*args, **kwargs)

        return wrapper

    return decorate
