"""Screens by role, and every action checked on the server: what the console hides
from a role is also refused by the API when that role's own token asks for it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.console.data import in_days, tag
from tests.console.helpers import goto, login, nav_screens, row


def test_office_sees_the_working_screens_and_admin_only_administration(page, console_live):
    login(page, console_live, "office")
    assert nav_screens(page) == [
        "queue", "ledger", "projects", "map", "reports", "duty", "spot", "feedback"]
    goto(page, "#/admin/users")  # not offered, and not reachable by address either
    expect(page.locator(".nav a[aria-current=page]")).to_have_attribute("data-screen", "queue")
    page.click("#logout")
    page.wait_for_selector("html[data-ready=login]")
    login(page, console_live, "admin")
    assert nav_screens(page) == ["ledger", "projects", "map", "reports", "duty", "spot", "feedback",
                                 "admin"]
    expect(page.locator(".nav a[aria-current=page]")).to_have_attribute("data-screen", "admin")


def test_supervisor_reads_the_ledger_and_cannot_act_even_by_hand(page, console_live, seed):
    item_id = seed.report(f"公园路灯损坏{tag()}")
    login(page, console_live, "supervisor")
    assert nav_screens(page) == ["ledger", "projects", "map", "reports", "duty", "spot", "feedback"]
    expect(page.locator(".ledger .chip", has_text="只读")).to_be_visible()
    goto(page, "#/queue/new")
    expect(page.locator(".nav a[aria-current=page]")).to_have_attribute("data-screen", "ledger")
    goto(page, f"#/item/{item_id}")
    expect(page.locator(".item-page")).to_have_attribute("data-status", "new")
    expect(page.locator("#actions")).to_have_count(0)
    # the same requests the office's buttons send, made with the supervisor's own token
    answers = page.evaluate("""async ([id, deadline]) => {
        const token = JSON.parse(sessionStorage.getItem('zl-console-session')).token;
        const post = (path, body) => fetch(path, { method: 'POST', body: JSON.stringify(body),
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` } })
          .then(async (r) => [r.status, (await r.json()).error.code]);
        return [
          await post(`/api/v1/items/${id}/actions/assign`, { unit_id: 1, deadline, plan: 'x' }),
          await post(`/api/v1/items/${id}/actions/reject`, { reason: 'x' }),
          await post('/api/v1/items/bulk/assign',
                     { item_ids: [id], unit_id: 1, deadline, plan: 'x' }),
          await post('/api/v1/admin/units', { name: 'x' }),
        ];
    }""", [item_id, in_days(3)])
    assert [a[0] for a in answers] == [403, 403, 403, 403], answers
    assert seed.item(item_id)["status"] == "new"


@pytest.mark.parametrize("user", ["cadre", "handler"])
def test_field_roles_get_no_office_screens(page, console_live, seed, user):
    login(page, console_live, user)
    if user == "cadre":
        expect(page.locator("main")).to_contain_text("请使用手机端")
        return
    assert nav_screens(page) == ["ledger", "projects"]
    unit_id = seed.call("GET", "/api/v1/me", user="handler")["user"]["unit_id"]
    names = {u["id"]: u["name"] for u in seed.call("GET", "/api/v1/me")["units"]}
    units = page.locator("table.data tbody td:nth-child(5)").all_inner_texts()
    assert units and set(units) == {names[unit_id]}
    expect(page.locator("#export-xlsx")).to_have_count(0)


def test_an_expired_token_returns_to_the_login_form(page, console_live):
    login(page, console_live, "office", remember=True)
    token = page.evaluate("JSON.parse(localStorage.getItem('zl-console-session')).token")
    page.evaluate("""(t) => fetch('/api/v1/auth/logout', { method: 'POST',
        headers: { Authorization: `Bearer ${t}` } })""", token)
    goto(page, "#/ledger?q=x")
    page.wait_for_selector("html[data-ready=login]")
    expect(page.locator("form.login .error")).to_contain_text("登录已过期")
    assert page.evaluate("localStorage.getItem('zl-console-session')") is None
    assert row(page, 1).count() == 0
