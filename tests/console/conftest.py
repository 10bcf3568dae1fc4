"""Fixtures of the console tests: a real server of their own (gunicorn over SQLite with
the demo organisation, started by the browser tests' harness), Debian's chromium on a
desktop-sized window, and a seeder that makes items through the real API.

The server is shared by the whole console session; tests make their own items (each
with a unique tag in its text) instead of relying on what the others left.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import ARGS, CHROMIUM
from tests.browser.inpage import JS_HELPERS
from tests.browser.liveserver import LiveServer
from tests.console.data import Seeder


@pytest.fixture(scope="session")
def console_live(tmp_path_factory):
    """The production server over a fresh demo database, for the console tests."""
    server = LiveServer(tmp_path_factory.mktemp("console")).setup().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def seed(console_live):
    """Makes reports, photos and organisation rows on the console server."""
    return Seeder(console_live)


@pytest.fixture(scope="module")
def driver(playwright_driver):
    """Playwright, shared with the browser tests (see tests/conftest.py)."""
    return playwright_driver


@pytest.fixture(scope="module")
def desktop(driver):
    """One chromium per test module."""
    browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
    yield browser
    browser.close()


@pytest.fixture
def page(desktop):
    """A fresh desktop tab (own storage), failing the test on any script error."""
    ctx = desktop.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN",
                              timezone_id="Asia/Shanghai", accept_downloads=True)
    ctx.set_default_timeout(20000)
    tab = ctx.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.add_init_script("""
        window.__csp = [];
        document.addEventListener('securitypolicyviolation',
          (e) => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || '')));
    """)
    yield tab
    ctx.close()
    assert not errors, f"script errors in the page: {errors}"


@pytest.fixture(scope="module")
def lab(desktop, console_live):
    """A page on the server's origin that imports the console's pure modules."""
    tab = desktop.new_page()
    tab.goto(console_live.url + "/precache.json")
    tab.evaluate(JS_HELPERS)
    yield tab
    tab.close()
