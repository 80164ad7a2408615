"""Issue #4 end to end: a follower records a material-shortage delay with a photo on a stage
that is behind plan and escalates it; the supervisor sees it flagged; the follower marks the
linked material PO received short; the delay is resolved and its time to resolve shows."""

from __future__ import annotations

import re
import uuid
from datetime import date, timedelta
from decimal import Decimal

from playwright.sync_api import expect

from tests.conftest import TEST_PASSWORD, jpeg_bytes
from tests.e2e.conftest import no_horizontal_scroll, screenshot, sign_in
from webapp.auth.models import Role


def make_po(app, order, **fields):
    from webapp.extensions import db
    from webapp.materials.models import MaterialPO, MaterialPOOrder, MaterialPOStatus, Supplier

    with app.app_context():
        supplier = Supplier(code="YKK", name="宁波拉链辅料厂 Ningbo Zipper")
        db.session.add(supplier)
        db.session.flush()
        po = MaterialPO(
            client_uuid=uuid.uuid4(), number=fields.get("number", "MP-7001"), supplier_id=supplier.id,
            item="5# 尼龙拉链 nylon zipper", quantity=1500, unit="pcs", unit_price=Decimal("0.85"),
            promised_date=date.today() - timedelta(days=2), status=MaterialPOStatus.SHIPPED,
        )  # fmt: skip
        po.order_links.append(MaterialPOOrder(order_id=order.id))
        db.session.add(po)
        db.session.commit()
        return po.id


def test_material_shortage_delay_from_prompt_to_resolution(
    app, live, phone, tablet, make_user, make_order, tmp_path
):
    follower = make_user(Role.FOLLOWER, username="lina", full_name="李娜", language="zh_Hans")
    make_user(Role.SUPERVISOR, username="wang", full_name="王敏", language="zh_Hans")
    order = make_order(follower=follower, style="YP-8801", product_name="工装衬衫",
                       start=date.today() - timedelta(days=6), days=10,
                       due_date=date.today() + timedelta(days=3))  # fmt: skip
    po_id = make_po(app, order)
    sewing = order.stages[1]
    photo = tmp_path / "empty-line.jpg"
    photo.write_bytes(jpeg_bytes((1600, 1200), (90, 90, 90)))

    page = phone("zh-CN")
    sign_in(page, live, "lina", TEST_PASSWORD)
    page.goto(f"{live}/orders/{order.id}")
    expect(page.locator("#order-materials")).to_contain_text("MP-7001")
    prompt = page.locator(".delay-prompt", has_text="车缝")
    expect(prompt).to_be_visible()
    prompt.get_by_role("link").click()
    # the overdue PO is offered as the cause, linked
    expect(page.locator("#material-problems")).to_contain_text("MP-7001")
    expect(page.locator("#stage_id")).to_have_value(str(sewing.id))
    expect(page.locator("input[name=cause][value=material]")).to_be_checked()
    expect(page.locator("#material_po_id")).to_have_value(str(po_id))
    page.fill("#hours_lost", "16")
    page.fill("#slip_days", "5")
    page.fill("#note", "拉链未到，停工待料")
    page.set_input_files("#photos", [str(photo)])
    assert no_horizontal_scroll(page)
    screenshot(page, "phone-delay-form-zh")
    page.click("#delay-form button[type=submit]")
    expect(page.locator("#delay-status")).to_have_text("未解决")
    expect(page.locator("#delay-po")).to_contain_text("MP-7001")
    expect(page.locator(".photo-strip img")).to_have_count(1)
    page.fill("#escalate-form textarea", "请主管协调供应商")
    page.click("#escalate-form button[type=submit]")
    expect(page.locator("#delay-status")).to_have_text("已上报")
    screenshot(page, "phone-delay-escalated-zh")

    sup = tablet("zh-CN")
    sign_in(sup, live, "wang", TEST_PASSWORD)
    flagged = sup.locator("#flagged-delays")
    expect(flagged).to_contain_text("材料短缺")
    expect(flagged).to_contain_text("延误影响交期")
    screenshot(sup, "tablet-supervisor-flagged-delay-zh")

    # the zippers arrive short: the follower records the receipt on the PO
    page.click("#delay-po")
    page.fill("#received_qty", "1200")
    page.click("#next-step")
    expect(page.locator("#received-qty")).to_have_text("1,200")
    expect(page.locator("#po-status-badge")).to_have_text("已收货")
    screenshot(page, "phone-material-received-short-zh")
    assert page.js_errors == []

    flagged.locator("a.list-row").first.click()
    sup.fill("#root_cause", "供应商漏发拉链，到货短少 300")
    sup.fill("#action_taken", "补发到货，加班两天")
    sup.click("#resolve-form button[type=submit]")
    expect(sup.locator("#delay-status")).to_have_text("已解决")
    expect(sup.locator("#time-to-resolve")).to_have_text(re.compile(r"\d"))
    screenshot(sup, "tablet-delay-resolved-zh")
