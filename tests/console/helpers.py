"""What office staff do in the console, as Playwright steps shared by the console tests."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from playwright.sync_api import Page, expect

from tests.browser.liveserver import PASSWORD


def login(page: Page, server, username: str = "office", remember: bool = False) -> None:
    """Open /console/, log in through the form and wait for the first screen."""
    page.goto(server.url + "/console/")
    page.wait_for_selector("html[data-ready=login]")
    page.fill("#login-username", username)
    page.fill("#login-password", PASSWORD)
    if remember:
        page.check("#login-remember")
    page.click("form.login button[type=submit]")
    page.wait_for_selector("html[data-ready=console]")
    expect(page.locator("main .loading")).to_have_count(0)


def goto(page: Page, route: str) -> None:
    """Switch the console to a route (#/...) and wait until the screen has loaded."""
    page.evaluate("(r) => { location.hash = r; }", route)
    expect(page.locator("main .loading")).to_have_count(0)


def nav_screens(page: Page) -> list[str]:
    """The screens the title bar offers."""
    return page.locator(".nav a").evaluate_all("els => els.map(e => e.dataset.screen)")


def row(page: Page, item_id: int):
    """The table row of an item (queue or ledger)."""
    return page.locator(f"tr[data-id='{item_id}']")


def csp_violations(page: Page) -> list[str]:
    """Content-Security-Policy violations the page reported (see the `page` fixture)."""
    return page.evaluate("window.__csp || []")


def percent_shown(rate) -> str:
    """A rate as the console's format.percent writes it: JS toFixed(1), which rounds a tie
    up (81.25 -> 81.3) where Python's format rounds it to even; — for none."""
    if rate is None:
        return "—"
    return f"{Decimal(rate * 100).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"
