"""What a cadre does in the app, as Playwright steps shared by the browser tests."""

from __future__ import annotations

import re
import time

from playwright.sync_api import Page, expect

from tests.browser.liveserver import PASSWORD


def page_of(ctx) -> Page:
    """The context's first tab."""
    return ctx.pages[0] if ctx.pages else ctx.new_page()


def open_app(page: Page, server, route: str = "") -> Page:
    """Load the app and wait until its first screen is usable."""
    page.goto(f"{server.url}/{'#' + route if route else ''}")
    page.wait_for_selector("html[data-ready]")
    return page


def login(page: Page, server, username: str = "cadre", ready: str = ".today .area",
          password: str = PASSWORD) -> None:
    """Log in through the form and wait for the first screen (`ready`) and the worker."""
    open_app(page, server)
    page.fill("#login-username", username)
    page.fill("#login-password", password)
    page.click("form.login button[type=submit]")
    page.wait_for_selector(ready)
    wait_for_worker(page)


def wait_for_worker(page: Page) -> None:
    """Wait until the service worker is active and controls the page (offline-ready)."""
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=30000)


def go(page: Page, route: str) -> None:
    """Switch screens with the tab bar (through 更多 when the tab is folded there)."""
    tab = page.locator(f".tabs a[data-route={route}]")
    if not tab.is_visible():
        page.click(".tabs [data-more]")
    tab.click()
    page.wait_for_selector(f".tabs a[data-route={route}][aria-current=page]", state="attached")


def check_in(page: Page, area_name: str) -> None:
    """现场签到 at an area on the 今日丈量 screen."""
    go(page, "today")
    card = page.locator(".card.area", has_text=area_name)
    card.locator("[data-action=checkin]").click()
    expect(card.locator(".ok")).to_be_visible()


def fill_report(page: Page, *, area_id: int, category: str, text: str, photos=(),
                urgent: bool = False) -> None:
    """Fill the 上报问题 form without saving."""
    go(page, "report")
    page.select_option("#report-area", str(area_id))
    page.locator(f".chip-choice:has(input[value={category}])").click()
    page.fill("#report-description", text)
    if urgent:
        page.check("#report-urgent")
    if photos:
        page.set_input_files("#photo-gallery", [str(p) for p in photos])
        expect(page.locator(".photos .photo")).to_have_count(len(photos), timeout=30000)
        expect(page.locator("#report-save")).to_be_enabled(timeout=30000)


def save_report(page: Page) -> None:
    """Tap 保存 and wait for the confirmation and the emptied form."""
    page.click("#report-save")
    expect(page.locator(".toast.ok")).to_contain_text("已保存")
    expect(page.locator("#report-description")).to_have_value("")


def record_states(page: Page) -> list[str]:
    """The sync state of every record on 我的上报, newest first."""
    go(page, "records")
    return page.locator(".card.record").evaluate_all("els => els.map(e => e.dataset.state)")


def wait_all_synced(page: Page, count: int, timeout: float = 90) -> None:
    """Wait until `count` records show as synced (polling the 我的上报 screen)."""
    deadline = time.monotonic() + timeout
    states: list[str] = []
    while time.monotonic() < deadline:
        states = record_states(page)
        if len(states) == count and all(s == "synced" for s in states):
            return
        page.wait_for_timeout(500)
    raise AssertionError(f"records not synced in {timeout}s: {states}; "
                         f"sync screen: {sync_text(page)}")


def sync_text(page: Page) -> str:
    """The 同步 screen's text, for messages."""
    go(page, "sync")
    return re.sub(r"\s+", " ", page.locator(".sync-screen").inner_text())
