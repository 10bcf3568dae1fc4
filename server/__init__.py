"""丈量 server: the application factory."""

from pathlib import Path

from flask import Flask

from server import config as config_mod
from server import db_setup, errors, http_input, security
from server.extensions import api, db
from server.reports.calendar import check_coverage as check_calendar_coverage
from server.services import duty_settings


def create_app(config: dict | None = None, *, startup_checks: bool = True) -> Flask:
    """Build the Flask app from defaults, ZHANGLIANG_* environment variables and `config`.

    `startup_checks` warns of what the deployment lacks (a year missing from the holiday
    calendar); the server's workers skip it, since the command that started them warned.
    """
    settings = config_mod.load(config)
    app = Flask(__name__, static_folder=None)
    http_input.install(app)
    app.config.update(settings)
    app.config.update(
        SQLALCHEMY_DATABASE_URI=config_mod.sqlalchemy_url(settings["DATABASE_URL"]),
        SQLALCHEMY_ENGINE_OPTIONS=db_setup.engine_options(settings["DATABASE_URL"]),
        API_TITLE="丈量 API",
        API_VERSION="v1",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/api/v1",
        OPENAPI_JSON_PATH="openapi.json",
        JSON_SORT_KEYS=False,
        MAX_CONTENT_LENGTH=settings["PHOTO_MAX_BYTES"] + 1024 * 1024,
    )
    Path(settings["DATA_DIR"]).mkdir(parents=True, exist_ok=True)
    db_setup.install_sqlite_hooks()
    db.init_app(app)
    api.init_app(app)
    api.spec.components.security_scheme(
        "bearer", {"type": "http", "scheme": "bearer"})
    from server import cli
    from server.api import guard
    from server.api import register as register_api

    register_api(api)
    guard.register(app)
    from server.web import bp as web_bp

    app.register_blueprint(web_bp)
    errors.register(app)
    security.register(app)
    cli.register(app)
    duty_settings.check(app)
    if startup_checks:
        check_calendar_coverage(app)
    return app
