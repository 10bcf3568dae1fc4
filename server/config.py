"""Settings: defaults, then ZHANGLIANG_* environment variables, then a test mapping."""

import os
from pathlib import Path

DEFAULTS = {
    "DATA_DIR": "./data",
    "DATABASE_URL": None,  # None: SQLite at <DATA_DIR>/zhangliang.db
    "SECRET_KEY": "dev-only-change-me",
    "TIMEZONE": "Asia/Shanghai",
    "TOKEN_TTL_DAYS": 30,
    "VERIFY_MAX_DISTANCE_M": 300.0,
    "LOGIN_MAX_FAILURES_PER_USER": 5,
    "LOGIN_MAX_FAILURES_PER_ADDRESS": 30,
    "LOGIN_FAILURE_WINDOW_MIN": 15,
    "TRUSTED_PROXIES": 0,  # proxy hops whose X-Forwarded-For is believed; 0: none
    "PHOTO_MAX_BYTES": 25 * 1024 * 1024,
    "PHOTO_MAX_PIXELS": 60_000_000,
    "PHOTO_GPS_MAX_DISTANCE_M": 200.0,
    "PHOTO_TIME_MAX_DIFF_H": 24.0,
    "PHOTO_STORE": "fs",  # fs or s3
    "S3_BUCKET": None,
    "S3_ENDPOINT_URL": None,
    "PASSWORD_HASH_COST": "normal",  # normal or low (tests only)
    "PAGE_SIZE_MAX": 200,
    "PUSH_MAX_MUTATIONS": 200,
    "PULL_PAGE_SIZE": 100,
    "CALENDAR_FILE": None,  # extra holidays and make-up working days, JSON by year
    "REPORT_MIN_SAMPLE": 5,  # units with fewer items are "样本不足" in the ranking
    "REPORT_LIST_LIMIT": 500,
    "PWA_DIR": None,  # the field app's files; default <repo>/pwa
    "MAP_TILE_URL": "",  # console map tiles: {z}/{x}/{y} templates, space-separated; none
    "MAP_TILE_SUBDOMAINS": "01234567",
    "MAP_TILE_GCJ02": "0",  # 1 when the tiles are drawn in GCJ-02 (AutoNavi); 0 for Tianditu
    "MAP_TILE_ATTRIBUTION": "",
    "REPORT_ISSUER": "“用脚步丈量”工作专班办公室",  # who signs the bulletins
    "DUTY_WEEKDAYS": "5",  # 丈量日 weekdays, ISO numbers (1 = Monday), comma-separated
    "DUTY_MONTH_DAYS": 5,  # and the first N working days of each month (the 丈量周)
    "ROTATION_WEEKS": 4,  # 循环丈量: every assigned area visited at least every N weeks
    "CHECKIN_MAX_AGE_DAYS": 7,  # a check-in whose phone time is older on arrival is flagged
    "PUBLIC_BASE_URL": "",  # the public site's address, for the 公示牌 QR codes; none: not set
    "SUPERVISION_PHONE": "",  # 监督电话 printed on the 公示牌
    "FEEDBACK_PER_ADDRESS_HOUR": 10,  # 群众评议 from one address in an hour
    "FEEDBACK_PER_ITEM_ADDRESS_DAY": 1,  # … about one item in a day
    "FEEDBACK_PER_ITEM_HOUR": 60,  # … about one item from all addresses in an hour
}

_INT = {"TOKEN_TTL_DAYS", "LOGIN_MAX_FAILURES_PER_USER", "LOGIN_MAX_FAILURES_PER_ADDRESS",
        "LOGIN_FAILURE_WINDOW_MIN", "PHOTO_MAX_BYTES", "PHOTO_MAX_PIXELS", "PAGE_SIZE_MAX",
        "PUSH_MAX_MUTATIONS", "PULL_PAGE_SIZE", "REPORT_MIN_SAMPLE", "REPORT_LIST_LIMIT",
        "TRUSTED_PROXIES", "DUTY_MONTH_DAYS", "ROTATION_WEEKS", "CHECKIN_MAX_AGE_DAYS",
        "FEEDBACK_PER_ADDRESS_HOUR", "FEEDBACK_PER_ITEM_ADDRESS_DAY", "FEEDBACK_PER_ITEM_HOUR"}
_FLOAT = {"VERIFY_MAX_DISTANCE_M", "PHOTO_GPS_MAX_DISTANCE_M", "PHOTO_TIME_MAX_DIFF_H"}


def _coerce(key: str, value: str):
    """Turn an environment string into the type its default has."""
    if key in _INT:
        return int(value)
    if key in _FLOAT:
        return float(value)
    return value


def load(overrides: dict | None = None, environ=os.environ) -> dict:
    """Build the settings mapping from defaults, the environment and overrides."""
    settings = dict(DEFAULTS)
    for key in DEFAULTS:
        env = environ.get(f"ZHANGLIANG_{key}")
        if env not in (None, ""):
            settings[key] = _coerce(key, env)
    settings["MERGE"] = {k[len("ZHANGLIANG_MERGE_"):].lower(): float(v)
                         for k, v in environ.items()
                         if k.startswith("ZHANGLIANG_MERGE_") and v not in (None, "")}
    settings.update(overrides or {})
    data_dir = Path(settings["DATA_DIR"]).resolve()
    settings["DATA_DIR"] = str(data_dir)
    if not settings["DATABASE_URL"]:
        settings["DATABASE_URL"] = f"sqlite:///{data_dir / 'zhangliang.db'}"
    return settings


def sqlalchemy_url(url: str) -> str:
    """Point plain postgres URLs at the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url
