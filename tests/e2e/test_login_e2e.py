"""A follower signs in on a phone in Chinese, switches to English and signs out."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.conftest import TEST_PASSWORD
from tests.e2e.conftest import no_horizontal_scroll, screenshot, sign_in
from webapp.auth.models import Role


def test_follower_signs_in_in_chinese_switches_to_english_and_signs_out(live, phone, make_user):
    make_user(Role.FOLLOWER, username="lina", full_name="李娜", language=None)
    page = phone("zh-CN")
    page.goto(f"{live}/login")
    expect(page.locator("h1")).to_have_text("跟单")
    screenshot(page, "phone-login-zh")
    assert no_horizontal_scroll(page)

    sign_in(page, live, "lina", TEST_PASSWORD)
    expect(page.locator("main h1")).to_have_text("我的订单")
    bottom = page.locator("nav.bottomnav")
    expect(bottom).to_be_visible()
    box = bottom.locator("a").first.bounding_box()
    assert box["height"] >= 48, "touch targets are at least 48 px"
    assert no_horizontal_scroll(page)
    screenshot(page, "phone-home-follower-zh")

    page.click("nav.bottomnav >> text=我的")
    page.click("button[value=en]")
    expect(page.locator("main h1")).to_have_text("My account")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    screenshot(page, "phone-account-en")

    page.click("#logout")
    expect(page).to_have_url(re.compile(r"/login"))
    expect(page.locator(".alert")).to_contain_text("You are signed out.")
    assert page.js_errors == []


def test_wrong_password_shows_a_clear_error(live, phone, make_user):
    make_user(Role.FOLLOWER, username="lina")
    page = phone("en-US")
    page.goto(f"{live}/login")
    page.fill("#username", "lina")
    page.fill("#password", "wrong-password")
    page.click("button[type=submit]")
    expect(page.locator("#login-error")).to_contain_text("Wrong username or password")
    expect(page.locator("#username")).to_have_value("lina")
    screenshot(page, "phone-login-error-en")


def test_inactive_user_cannot_sign_in(live, phone, make_user):
    make_user(Role.FOLLOWER, username="gone", active=False)
    page = phone("zh-CN")
    page.goto(f"{live}/login")
    page.fill("#username", "gone")
    page.fill("#password", TEST_PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator("#login-error")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/login"))


def test_supervisor_home_on_a_tablet_has_side_navigation(live, tablet, make_user):
    make_user(Role.SUPERVISOR, username="wang", full_name="王敏")
    page = tablet("zh-CN")
    sign_in(page, live, "wang", TEST_PASSWORD)
    expect(page.locator("nav.sidenav")).to_be_visible()
    expect(page.locator("nav.bottomnav")).to_be_hidden()
    screenshot(page, "tablet-home-supervisor-zh")


def test_admin_manages_users_on_a_phone(live, phone, make_user):
    make_user(Role.ADMIN, username="root1", language="en")
    page = phone("en-US")
    sign_in(page, live, "root1", TEST_PASSWORD)
    page.goto(f"{live}/admin/users/new")
    page.fill("#username", "bad name")
    page.click("button[type=submit]")
    expect(page.locator(".field.has-error .error").first).to_be_visible()
    expect(page.locator("#username")).to_have_value("bad name")
    screenshot(page, "phone-admin-user-form-errors-en")
    page.fill("#username", "newqc")
    page.fill("#full_name", "陈杰 Chen Jie")
    page.select_option("#role", "inspector")
    page.click("button[type=submit]")
    expect(page.locator("#new-password")).to_have_text(re.compile(r"\w{4}-\w{4}-\w{4}"))
    assert no_horizontal_scroll(page)
