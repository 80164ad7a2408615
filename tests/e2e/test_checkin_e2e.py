"""A follower records check-ins on a phone; a supervisor reads the report and the Excel."""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.conftest import TEST_PASSWORD
from tests.e2e.conftest import no_horizontal_scroll, screenshot, sign_in
from webapp.auth.models import Role


def test_follower_checks_in_three_times_corrects_one_and_supervisor_sees_it(
    live, phone, tablet, make_user, make_order, make_factory, make_customer
):
    follower = make_user(Role.FOLLOWER, username="lina", full_name="李娜", language="zh_Hans")
    make_user(Role.SUPERVISOR, username="wang", full_name="王敏", language="zh_Hans")
    factory = make_factory(name="宁波盛泰服饰")
    customer = make_customer(name="Hanseatic Apparel GmbH")
    order = make_order(
        follower=follower, factory=factory, customer=customer, style="HA-5521",
        product_name="男式Polo衫", planned_qty=600, stages=(("裁剪", "Cutting"), ("车缝", "Sewing")),
    )  # fmt: skip
    cutting = order.stages[0]

    page = phone("zh-CN")
    sign_in(page, live, "lina", TEST_PASSWORD)
    expect(page.locator("#my-orders")).to_contain_text("HA-5521")
    screenshot(page, "phone-my-orders-zh")
    page.click("#my-orders a.order-row")
    expect(page.locator("h1")).to_contain_text("HA-5521")

    card = page.locator(f"#stage-{cutting.id}")
    for qty in (120, 80, 50):
        card.locator("input[name=good_qty]").fill(str(qty))
        card.locator("button[type=submit]").click()
        expect(card.locator(".alert-success")).to_contain_text(f"良品 {qty}")
    # htmx swapped the card: the bar and the figure moved without a page reload
    expect(card.locator(".actual")).to_have_text("250")
    expect(card.locator("progress.bar").first).to_have_attribute("value", "250")
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1
    expect(page.locator("#checkins .checkin-list li")).to_have_count(3)
    assert no_horizontal_scroll(page)
    screenshot(page, "phone-order-after-checkins-zh")

    # correct the 80 to 70
    page.locator("#checkins li", has_text="80").get_by_role("link").click()
    page.fill("#good_qty", "70")
    page.fill("#note", "点错了")
    screenshot(page, "phone-correct-checkin-zh")
    page.click("#correct-form button[type=submit]")
    expect(page.locator(f"#stage-{cutting.id} .actual")).to_have_text("240")
    expect(page.locator("#checkins li.corrected")).to_have_count(1)
    assert page.js_errors == []

    # the supervisor on a tablet
    sup = tablet("zh-CN")
    sign_in(sup, live, "wang", TEST_PASSWORD)
    sup.goto(f"{live}/reports/daily")
    expect(sup.locator("table.daily")).to_contain_text("240")
    screenshot(sup, "tablet-daily-report-zh")
    sup.goto(f"{live}/reports/tracking")
    row = sup.locator("tr", has_text="裁剪").first
    expect(row.locator(".actual")).to_have_text("240")
    screenshot(sup, "tablet-tracking-zh")

    with sup.expect_download() as info:
        sup.click("#export")
    data = Path(info.value.path()).read_bytes()
    ws = load_workbook(BytesIO(data)).active
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)]
    cut = next(r for r in rows if r["工序"] == "裁剪")
    assert cut["实际"] == 240
    assert cut["计划数量"] == 600
    assert re.match(r"GD\d{5}", cut["订单"])


def test_over_plan_checkin_asks_before_saving(live, phone, make_user, make_order):
    follower = make_user(Role.FOLLOWER, username="zw", language="en")
    order = make_order(follower=follower, planned_qty=100)
    page = phone("en-US")
    sign_in(page, live, "zw", TEST_PASSWORD)
    page.goto(f"{live}/orders/{order.id}")
    card = page.locator(f"#stage-{order.stages[0].id}")
    card.locator("input[name=good_qty]").fill("130")
    card.locator("button[type=submit]").click()
    expect(card.locator(".alert-error")).to_contain_text("more than 110%")
    expect(card.locator("input[name=good_qty]")).to_have_value("130")
    screenshot(page, "phone-over-plan-confirm-en")
    card.locator("input[name=confirm_over_plan]").check()
    card.locator("button[type=submit]").click()
    expect(card.locator(".actual")).to_have_text("130")


def test_order_pages_on_a_tablet(live, tablet, make_user, make_order):
    make_user(Role.SUPERVISOR, username="boss", language="zh_Hans")
    order = make_order(style="NH-2407", product_name="橡木餐椅")
    page = tablet("zh-CN")
    sign_in(page, live, "boss", TEST_PASSWORD)
    page.goto(f"{live}/orders/?status=all")
    screenshot(page, "tablet-orders-zh")
    page.goto(f"{live}/orders/{order.id}")
    screenshot(page, "tablet-order-detail-zh")
    page.goto(f"{live}/orders/new")
    screenshot(page, "tablet-order-form-zh")
    page.goto(f"{live}/orders/{order.id}/traveler")
    expect(page.locator(".qr svg")).to_be_visible()
    screenshot(page, "tablet-traveler-zh")


def test_the_smallest_phones_have_no_horizontal_scroll(live, browser, make_user, make_order):
    """360 px wide (the narrowest common Android): every main follower page fits."""
    follower = make_user(Role.FOLLOWER, username="small", language="zh_Hans")
    order = make_order(
        follower=follower, style="HA-5521-LONG-STYLE", product_name="男式短袖Polo衫（珠地网眼）"
    )
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, locale="zh-CN"
    )
    page = context.new_page()
    sign_in(page, live, "small", TEST_PASSWORD)
    for path in (
        "/",
        f"/orders/{order.id}",
        "/orders/",
        "/orders/scan",
        "/account",
        f"/orders/{order.id}/delays/new",
    ):
        page.goto(live + path)
        assert no_horizontal_scroll(page), path
    screenshot(page, "phone360-delay-form-zh")
    context.close()
