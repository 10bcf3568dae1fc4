"""Fixtures of the browser tests: the real server, Debian's chromium, the app's pages.

A missing chromium is an error, never a skip. Each test gets fresh browser
profiles; the server (gunicorn over SQLite with the demo organisation) is shared
by the module unless a test needs one of its own.
"""

from pathlib import Path

import pytest

from server import create_app
from tests.browser.inpage import JS_HELPERS
from tests.browser.liveserver import PASSWORD, LiveServer
from tests.browser.loop import call

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def token_for(server, username="cadre"):
    """A fresh bearer token for a demo user."""
    return call(server, "POST", "/api/v1/auth/login",
               {"username": username, "password": PASSWORD})["token"]


def _start(tmp_path_factory, name, **kw):
    return LiveServer(tmp_path_factory.mktemp(name), **kw).setup().start()


@pytest.fixture(scope="session")
def live(tmp_path_factory):
    """The production server over a fresh demo database (tests put back what they change)."""
    server = _start(tmp_path_factory, "live")
    yield server
    server.stop()


@pytest.fixture
def own_live(tmp_path_factory):
    """A server of the test's own, with a copy of pwa/ it may change."""
    server = _start(tmp_path_factory, "own", copy_pwa=True)
    yield server
    server.stop()


@pytest.fixture
def server_db():
    """Open the server's database from the test process: db(server) -> app context."""
    made = []

    def open_db(server):
        app = create_app({"DATA_DIR": str(server.data_dir)})
        made.append(app)
        return app.app_context()

    yield open_db
    from server.extensions import db
    for app in made:
        with app.app_context():
            db.engine.dispose()


@pytest.fixture
def area_of():
    """The first assigned area of a user, as /me lists it."""
    def find(server, username="cadre"):
        me = call(server, "GET", "/api/v1/me", token=token_for(server, username))
        return next(a for a in me["areas"] if a["assigned"] and a["lat"] is not None)
    return find


@pytest.fixture
def launch(playwright_driver, tmp_path):
    """launch(profile_name, position) -> a persistent chromium context (a phone)."""
    contexts = []

    def start(profile="phone", position=None, accuracy=12.0):
        kw = {}
        if position:
            kw = {"geolocation": {"latitude": position[0], "longitude": position[1],
                                  "accuracy": accuracy}, "permissions": ["geolocation"]}
        ctx = playwright_driver.chromium.launch_persistent_context(
            str(tmp_path / profile), executable_path=str(CHROMIUM), args=ARGS,
            viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True,
            has_touch=True, locale="zh-CN", timezone_id="Asia/Shanghai", **kw)
        ctx.set_default_timeout(20000)
        contexts.append(ctx)
        return ctx

    yield start
    for ctx in contexts:
        try:
            ctx.close()
        except Exception:  # noqa: BLE001 - already closed by the test
            pass


@pytest.fixture(scope="module")
def lab(playwright_driver, live):
    """A page on the app's origin that can import its modules and move bytes in and out."""
    browser = playwright_driver.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
    page = browser.new_page()
    page.goto(live.url + "/precache.json")
    page.evaluate(JS_HELPERS)
    yield page
    browser.close()
