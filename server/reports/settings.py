"""Report settings, read from the app's config (see server/config.py DEFAULTS)."""

from flask import current_app


def setting(name: str, default=None, app=None):
    """One report setting from the app's config."""
    value = (app or current_app).config.get(name)
    return default if value is None else value
