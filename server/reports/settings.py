"""Report settings: the app's config first, then ZHANGLIANG_* variables, then defaults.

`server/config.py` only reads the variables it lists, so the report settings are
also looked up in the environment here until they join its DEFAULTS.
"""

import os

from flask import current_app

DEFAULTS = {
    "CALENDAR_FILE": None,      # JSON file with extra years of holidays / make-up days
    "REPORT_MIN_SAMPLE": 5,     # units with fewer items are not ranked (样本不足)
    "REPORT_LIST_LIMIT": 500,   # rows of a bulletin's item lists (totals are always exact)
    "REPORT_ISSUER": "“用脚步丈量”工作专班办公室",
}


def setting(name: str, default=None, app=None):
    """One report setting, typed like its default."""
    config = (app or current_app).config
    fallback = DEFAULTS.get(name, default)
    if config.get(name) is not None:
        return config[name]
    raw = os.environ.get(f"ZHANGLIANG_{name}")
    if raw in (None, ""):
        return fallback
    return int(raw) if isinstance(fallback, int) else raw
