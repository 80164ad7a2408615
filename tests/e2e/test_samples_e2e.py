"""Issue #10 end to end: on a phone a follower sends a PP sample with a tracking number, records
the customer's rejection with a comment and a photo, and opens round two; on a tablet the
supervisor reads the team view and reassigns an order to another follower."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from playwright.sync_api import expect

from tests.conftest import TEST_PASSWORD, jpeg_bytes
from tests.e2e.conftest import no_horizontal_scroll, screenshot, sign_in
from webapp.auth.models import Role
from webapp.orders.models import OrderStatus


def ready_pp_sample(app, order, follower_id):
    from webapp.auth.models import User
    from webapp.extensions import db
    from webapp.orders.models import Order
    from webapp.samples import services
    from webapp.samples.models import SampleMaker, SampleStatus, SampleType

    with app.app_context():
        user = db.session.get(User, follower_id)
        sample, _ = services.create_sample(
            {"type": SampleType.PRE_PRODUCTION, "quantity": 2,
             "requested_date": date.today() - timedelta(days=8),
             "due_date": date.today() + timedelta(days=1), "maker": SampleMaker.FACTORY,
             "spec": "CVC 珠地布 藏青, 按客户 spec sheet v3"},
            by=user, order=db.session.get(Order, order.id), client_uuid=uuid.uuid4(),
        )  # fmt: skip
        services.advance(sample, SampleStatus.IN_MAKING, by=user)
        services.advance(sample, SampleStatus.READY, by=user)
        db.session.commit()
        return sample.id


def test_pp_sample_rejected_then_round_two_and_the_team_view(
    app, live, phone, tablet, make_user, make_order, tmp_path
):
    lina = make_user(Role.FOLLOWER, username="lina", full_name="李娜", language="zh_Hans")
    zhang = make_user(Role.FOLLOWER, username="zhangwei", full_name="张伟", language="zh_Hans")
    make_user(Role.SUPERVISOR, username="wang", full_name="王敏", language="zh_Hans")
    order = make_order(follower=lina, style="HA-5521", product_name="男式Polo衫",
                       status=OrderStatus.CONFIRMED, start=date.today() + timedelta(days=4))  # fmt: skip
    sample_id = ready_pp_sample(app, order, lina.id)
    markup = tmp_path / "collar-markup.jpg"
    markup.write_bytes(jpeg_bytes((1600, 1200), (220, 40, 40)))

    page = phone("zh-CN")
    sign_in(page, live, "lina", TEST_PASSWORD)
    due = page.locator("#samples-due")
    expect(due).to_contain_text("HA-5521")
    assert no_horizontal_scroll(page)
    screenshot(page, "phone-follower-home-samples-zh")
    due.locator(f"a[href='/samples/{sample_id}']").click()
    expect(page.locator("#sample-status")).to_have_attribute("data-status", "ready")
    page.fill("#courier", "顺丰 SF Express")
    page.fill("#tracking_no", "SF1402 8866 0231")
    assert no_horizontal_scroll(page)
    screenshot(page, "phone-sample-send-zh")
    page.click("#next-step")
    expect(page.locator("#sample-status")).to_have_attribute("data-status", "sent")
    expect(page.locator("#sample-tracking")).to_contain_text("SF1402 8866 0231")

    page.locator("input[name=result][value=rejected]").check()
    page.fill("#comment", "领口偏大 1 cm, 门襟歪斜. Collar 1 cm too wide, placket crooked.")
    page.set_input_files("#photos", [str(markup)])
    screenshot(page, "phone-sample-answer-zh")
    page.click("#save-result")
    expect(page.locator("#sample-status")).to_have_attribute("data-status", "rejected")
    expect(page.locator("#customer-comment")).to_contain_text("领口偏大 1 cm")
    expect(page.locator("#markup-photos img")).to_have_count(1)
    page.fill("#due_date", (date.today() + timedelta(days=6)).isoformat())
    page.fill("#spec", "领口改小 1 cm, 门襟重做")
    page.click("#open-round")
    expect(page.locator("#sample-status")).to_have_attribute("data-status", "requested")
    expect(page.locator("#sample-rounds li")).to_have_count(2)
    expect(page.locator("#sample-rounds")).to_contain_text("领口偏大 1 cm")
    assert no_horizontal_scroll(page)
    screenshot(page, "phone-sample-round-two-zh")
    assert page.js_errors == []

    # bulk may not start yet: the order page says so
    page.goto(f"{live}/orders/{order.id}")
    expect(page.locator("#pp-waiting")).to_be_visible()

    sup = tablet("zh-CN")
    sign_in(sup, live, "wang", TEST_PASSWORD)
    sup.goto(f"{live}/team/")
    row = sup.locator(f"#follower-{lina.id}")
    expect(row.locator("[data-stat=orders]")).to_have_text("1")
    row.locator("summary").click()
    screenshot(sup, "tablet-team-view-zh")
    item = row.locator(".team-order", has_text="HA-5521")
    item.locator("select").select_option(str(zhang.id))
    item.locator("button[type=submit]").click()
    expect(sup.locator(f"#follower-{zhang.id} [data-stat=orders]")).to_have_text("1")
    expect(sup.locator(f"#follower-{lina.id} [data-stat=orders]")).to_have_text("0")
    screenshot(sup, "tablet-team-view-reassigned-zh")

    # the new follower sees the order at once
    other = phone("zh-CN")
    sign_in(other, live, "zhangwei", TEST_PASSWORD)
    expect(other.locator("#my-orders")).to_contain_text("HA-5521")


def test_payment_terms_on_a_phone_and_the_followers_days_on_a_tablet(
    app, live, phone, tablet, make_user, make_order
):
    from decimal import Decimal

    from webapp.auth.models import User
    from webapp.extensions import db
    from webapp.orders.models import Order
    from webapp.payments import services as payments
    from webapp.payments.models import MilestoneKind
    from webapp.team import services as team

    lina = make_user(Role.FOLLOWER, username="lina", full_name="李娜", language="zh_Hans")
    make_user(Role.SUPERVISOR, username="wang", full_name="王敏", language="zh_Hans")
    order = make_order(follower=lina, style="NH-2411", product_name="五层书架")
    with app.app_context():
        user = db.session.get(User, lina.id)
        o = db.session.get(Order, order.id)
        for kind, amount, due in (
            (MilestoneKind.DEPOSIT, "4500.00", -20),
            (MilestoneKind.BALANCE_BEFORE_SHIPMENT, "10500.00", -1),
        ):
            payments.add_milestone(o, {"kind": kind, "amount": Decimal(amount),
                                              "currency": "USD",
                                              "due_date": date.today() + timedelta(days=due)},
                                          by=user, client_uuid=uuid.uuid4())  # fmt: skip
        team.save_day(user, date.today(), note="层板托未到, 已催供应商", tomorrow_note="去慈溪看产前样",
                      client_uuid=uuid.uuid4(), send=True)  # fmt: skip
        db.session.commit()

    page = phone("zh-CN")
    sign_in(page, live, "lina", TEST_PASSWORD)
    page.goto(f"{live}/payments/orders/{order.id}")
    expect(page.locator("#balance-missing")).to_be_visible()
    expect(page.locator("li.milestone[data-state=overdue]")).to_have_count(2)
    deposit = page.locator("li.milestone[data-kind=deposit]")
    deposit.locator("summary").click()
    deposit.locator("input[name=received_on]").fill(date.today().isoformat())
    deposit.locator("button[type=submit]").click()
    expect(page.locator("li.milestone[data-kind=deposit]")).to_have_attribute(
        "data-state", "received"
    )
    assert no_horizontal_scroll(page)
    screenshot(page, "phone-payment-terms-zh")
    page.goto(f"{live}/team/day")
    assert no_horizontal_scroll(page)
    screenshot(page, "phone-my-day-zh")
    assert page.js_errors == []

    sup = tablet("zh-CN")
    sign_in(sup, live, "wang", TEST_PASSWORD)
    sup.goto(f"{live}/team/days")
    expect(sup.locator(f"#day-{lina.id}")).to_contain_text("层板托未到")
    screenshot(sup, "tablet-followers-days-zh")
    sup.goto(f"{live}/payments/overdue")
    expect(sup.locator(".receivables")).to_contain_text("NH-2411")
    screenshot(sup, "tablet-overdue-receivables-zh")
