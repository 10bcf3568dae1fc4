"""Bearer-token authentication, role checks and the existence of what a URL names,
all before a request's body is read.

The contract fixes the order of checks so that a caller learns nothing it may not know:
401 (no or bad token) → 403 (the role may never do this) → 404 (no such item, or not in
the caller's scope) → the body → 409. flask-smorest parses the body in decorators that
wrap the view, so these checks cannot live in a decorator beneath them: `auth_required`
only marks the view, and `check_request` (a before_request hook) enforces the mark for
every view before any decorator runs. A body is therefore never parsed for a caller who
may not send it. The checks run in a read-only transaction that ends before the view
reads the body, so no transaction is open while a slow body arrives.
"""

import re
from functools import wraps

from flask import current_app, g, request

from server.db_setup import reading
from server.errors import ApiError
from server.extensions import db
from server.models import Area, Unit, User
from server.services.auth import user_for_token
from server.services.scope import load_item
from sync.hostile import INT32_MAX

# What a token we issue can look like (secrets.token_urlsafe); anything else is no token,
# and never reaches the database.
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,128}$")
_MARK = "_zl_roles"
_READS = frozenset({"GET", "HEAD"})
# Path arguments naming a record: the record must exist (for an item: be in scope).
_RECORDS = {"user_id": User, "unit_id": Unit, "area_id": Area}


def bearer_token() -> str | None:
    """The token from the Authorization header, if it has the form of one."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not _TOKEN.match(token):
        return None
    return token


def current_user():
    """The authenticated user of this request (set by `check_request`)."""
    return g.user


def auth_required(*roles: str):
    """Mark a view as needing a live token, and one of `roles` when given.

    The mark is copied outward by every decorator that uses functools.wraps (all of
    flask-smorest's do), so `check_request` finds it on the registered view.
    """

    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if "user" not in g:  # called without the hook (not through a request route)
                _authenticate(frozenset(roles))
            return view(*args, **kwargs)

        setattr(wrapper, _MARK, frozenset(roles))
        return wrapper

    return decorate


def _authenticate(roles: frozenset[str]) -> None:
    """401 without a live token, 403 for a role outside `roles`; sets g.user."""
    token = bearer_token()
    user = user_for_token(token) if token else None
    if user is None:
        raise ApiError("unauthorized", headers={"WWW-Authenticate": "Bearer"})
    if roles and not roles & set(user.roles or ()):
        raise ApiError("forbidden", {"roles": sorted(roles)})
    g.user, g.token = user, token


def _ensure_named_records(view_args: dict) -> None:
    """404 when a path names an item the caller may not see, or a record that is not."""
    if "item_id" in view_args:  # reading may be as a reporter; acting needs the whole item
        load_item(g.user, view_args["item_id"], to_act=request.method not in _READS)
    for name, model in _RECORDS.items():
        if name in view_args and not _exists(model, view_args[name]):
            raise ApiError("not_found", {name: view_args[name]})


def _exists(model, record_id: int) -> bool:
    """Whether a record of `model` has this id; an id beyond its 32-bit column names
    nothing and is never sent to the database (PostgreSQL would refuse it)."""
    return 0 < record_id <= INT32_MAX and db.session.get(model, record_id) is not None


def check_request() -> None:
    """before_request: authenticate, authorise and find the named records of a marked view."""
    if request.method == "OPTIONS" or request.endpoint is None:
        return
    view = current_app.view_functions.get(request.endpoint)
    roles = getattr(view, _MARK, None)
    if roles is None:
        return  # a public view
    # In a read-only transaction that ends here: none may be open while the view reads a
    # body arriving at phone speed (on SQLite a write transaction would hold the lock).
    with reading(db.session):
        _authenticate(roles)
        _ensure_named_records(request.view_args or {})


def register(app) -> None:
    """Run the checks before every request."""
    app.before_request(check_request)
