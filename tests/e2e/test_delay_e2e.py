"""A follower records a material-shortage delay with a photo and escalates it; the supervisor
sees it flagged; it is resolved with its root cause and the time to resolve shows."""

from __future__ import annotations

import re
from datetime import date, timedelta

from playwright.sync_api import expect

from tests.conftest import TEST_PASSWORD, jpeg_bytes
from tests.e2e.conftest import no_horizontal_scroll, screenshot, sign_in
from webapp.auth.models import Role


def test_material_shortage_delay_from_prompt_to_resolution(
    live, phone, tablet, make_user, make_order, tmp_path
):
    follower = make_user(Role.FOLLOWER, username="lina", full_name="李娜", language="zh_Hans")
    make_user(Role.SUPERVISOR, username="wang", full_name="王敏", language="zh_Hans")
    order = make_order(follower=follower, style="YP-8801", product_name="工装衬衫",
                       start=date.today() - timedelta(days=6), days=10,
                       due_date=date.today() + timedelta(days=3))  # fmt: skip
    sewing = order.stages[1]
    photo = tmp_path / "empty-line.jpg"
    photo.write_bytes(jpeg_bytes((1600, 1200), (90, 90, 90)))

    page = phone("zh-CN")
    sign_in(page, live, "lina", TEST_PASSWORD)
    page.goto(f"{live}/orders/{order.id}")
    prompt = page.locator(".delay-prompt", has_text="车缝")
    expect(prompt).to_be_visible()
    prompt.get_by_role("link").click()
    expect(page.locator("#stage_id")).to_have_value(str(sewing.id))
    page.locator(".cause-option", has_text="材料短缺").click()
    page.select_option("#department", "purchasing")
    page.fill("#hours_lost", "16")
    page.fill("#slip_days", "5")
    page.fill("#note", "拉链未到，停工待料")
    page.set_input_files("#photos", [str(photo)])
    assert no_horizontal_scroll(page)
    screenshot(page, "phone-delay-form-zh")
    page.click("#delay-form button[type=submit]")
    expect(page.locator("#delay-status")).to_have_text("未解决")
    expect(page.locator(".photo-strip img")).to_have_count(1)
    page.fill("#escalate-form textarea", "请主管协调供应商")
    page.click("#escalate-form button[type=submit]")
    expect(page.locator("#delay-status")).to_have_text("已上报")
    screenshot(page, "phone-delay-escalated-zh")
    assert page.js_errors == []

    sup = tablet("zh-CN")
    sign_in(sup, live, "wang", TEST_PASSWORD)
    flagged = sup.locator("#flagged-delays")
    expect(flagged).to_contain_text("材料短缺")
    expect(flagged).to_contain_text("延误影响交期")
    screenshot(sup, "tablet-supervisor-flagged-delay-zh")
    flagged.locator("a.list-row").first.click()
    sup.fill("#root_cause", "供应商漏发拉链")
    sup.fill("#action_taken", "补发到货，加班两天")
    sup.click("#resolve-form button[type=submit]")
    expect(sup.locator("#delay-status")).to_have_text("已解决")
    expect(sup.locator("#time-to-resolve")).to_have_text(re.compile(r"\d"))
    screenshot(sup, "tablet-delay-resolved-zh")
