"""Passwords, bearer tokens and the failed-login limit.

Failures are counted per (username, address) and per address, never per username
alone, so nobody can lock a named user out by guessing from elsewhere. A password
change or a disable ends every token of the user for good.
"""

import hashlib
import secrets
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from sqlalchemy import func, select, update

from server.errors import ApiError
from server.extensions import db
from server.models import LoginFailure, Token, User
from server.models.types import utcnow

_HASHERS = {
    "normal": PasswordHasher(),
    "low": PasswordHasher(time_cost=1, memory_cost=8, parallelism=1),
}
# Checked against when the username is unknown, so timing does not tell who exists.
_DUMMY_HASH = _HASHERS["normal"].hash("not-a-real-password")


def _hasher() -> PasswordHasher:
    """The password hasher for this deployment's cost setting."""
    return _HASHERS[current_app.config.get("PASSWORD_HASH_COST", "normal")]


def hash_password(password: str) -> str:
    """Hash a password with argon2id."""
    return _hasher().hash(password)


def check_password(stored: str, password: str) -> bool:
    """True when `password` matches the stored argon2 hash."""
    try:
        return _hasher().verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def token_digest(token: str) -> str:
    """What is stored of a token: its SHA-256."""
    return hashlib.sha256(token.encode()).hexdigest()


def _recent_failures(*conditions) -> int:
    """Failed logins matching `conditions` within the configured window."""
    since = utcnow() - timedelta(minutes=current_app.config["LOGIN_FAILURE_WINDOW_MIN"])
    stmt = select(func.count()).select_from(LoginFailure).where(*conditions,
                                                                 LoginFailure.at >= since)
    return db.session.execute(stmt).scalar_one()


def _ensure_not_throttled(username: str, address: str) -> None:
    """Refuse with 429 after too many recent failures for this username from this
    address (LOGIN_MAX_FAILURES_PER_USER) or from this address at all."""
    cfg = current_app.config
    if (_recent_failures(LoginFailure.username == username, LoginFailure.address == address)
            >= cfg["LOGIN_MAX_FAILURES_PER_USER"]
            or _recent_failures(LoginFailure.address == address)
            >= cfg["LOGIN_MAX_FAILURES_PER_ADDRESS"]):
        retry = str(cfg["LOGIN_FAILURE_WINDOW_MIN"] * 60)
        raise ApiError("too_many_attempts", headers={"Retry-After": retry})


def login(username: str, password: str, address: str, device_name: str | None):
    """Check credentials and issue a token; returns (token, user).

    A failure is recorded and committed before the error is raised, so that the
    limit counts it although the request fails.
    """
    key, address = username[:60], address[:64]   # as the failure rows store them
    _ensure_not_throttled(key, address)
    # The user's row stays locked from the password check to the commit of the new token:
    # a password change or disable committing in between would otherwise miss this token.
    user = db.session.execute(select(User).where(User.username == username)
                              .with_for_update()).scalar_one_or_none()
    ok = check_password(user.password_hash if user else _DUMMY_HASH, password)
    if not ok or user is None or not user.active:
        db.session.add(LoginFailure(username=key, address=address))
        db.session.commit()
        raise ApiError("invalid_credentials")
    token = secrets.token_urlsafe(32)
    ttl = timedelta(days=current_app.config["TOKEN_TTL_DAYS"])
    db.session.add(Token(user_id=user.id, token_hash=token_digest(token),
                         device_name=(device_name or "")[:100] or None,
                         expires_at=utcnow() + ttl))
    return token, user


def user_for_token(token: str) -> User | None:
    """The active user a live token belongs to, or None."""
    row = db.session.execute(
        select(Token, User).join(User, User.id == Token.user_id)
        .where(Token.token_hash == token_digest(token))
    ).first()
    if row is None:
        return None
    tok, user = row
    if tok.revoked_at is not None or tok.expires_at <= utcnow() or not user.active:
        return None
    return user


def logout(token: str) -> None:
    """Revoke a token so it stops working."""
    tok = db.session.execute(
        select(Token).where(Token.token_hash == token_digest(token))).scalar_one_or_none()
    if tok is not None and tok.revoked_at is None:
        tok.revoked_at = utcnow()


def end_sessions(user: User) -> None:
    """Revoke every live token of a user; nothing brings them back."""
    db.session.execute(update(Token).where(Token.user_id == user.id,
                                           Token.revoked_at.is_(None))
                       .values(revoked_at=utcnow()))


def set_password(user: User, password: str) -> None:
    """Give a user a new password and end all their sessions."""
    user.password_hash = hash_password(password)
    end_sessions(user)


def set_active(user: User, active: bool) -> None:
    """Enable or disable a user; either change ends all their sessions.

    A disabled user cannot log in, so every token they hold predates the disable
    (or was left by older code): ending them again on enable never revives one.
    """
    if not active or not user.active:
        end_sessions(user)
    user.active = active
