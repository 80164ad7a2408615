"""Issue #6 end to end: a supervisor on a tablet clears three requests of different kinds (an
inspection sign-off rejected with a comment after enlarging its photos, a delay escalation
decided as overtime, a due-date change approved) while the follower, in a second browser on a
phone, sees each decision appear on "My requests" without reloading."""

from __future__ import annotations

import re
import uuid
from datetime import date, timedelta

from playwright.sync_api import expect

from tests.conftest import TEST_PASSWORD, jpeg_bytes
from tests.e2e.conftest import no_horizontal_scroll, screenshot, sign_in
from webapp.auth.models import Role


def _requests(app, follower, inspector, orders, defect_type) -> dict[str, int]:
    """Raise the three requests through the services, as the product does."""
    from webapp.approvals import services as approvals
    from webapp.auth.models import User
    from webapp.delays import services as delays
    from webapp.delays.models import DelayCause, Department
    from webapp.extensions import db
    from webapp.inspections import services as inspections
    from webapp.inspections.models import DefectClass, DefectType, InspectionType
    from webapp.orders.approval_kinds import request_change
    from webapp.orders.models import Order

    with app.app_context():
        lina = db.session.get(User, follower.id)
        qc = db.session.get(User, inspector.id)
        shirt, chair, hoodie = (db.session.get(Order, o.id) for o in orders)
        ins, _ = inspections.start_inspection(
            order=shirt, by=qc, client_uuid=uuid.uuid4(), inspection_type=InspectionType.FRI,
            lot_size=1000, level="II", aqls={"critical": "0", "major": "2.5", "minor": "4.0"},
            severity="normal",
        )  # fmt: skip
        inspections.add_defect(
            inspection=ins, by=qc, client_uuid=uuid.uuid4(),
            defect_type=db.session.get(DefectType, defect_type.id),
            defect_class=DefectClass.MAJOR, count=7,
            photos=[jpeg_bytes((1200, 900), (30, 60, 140)), jpeg_bytes((1200, 900), (160, 40, 40))],
        )  # fmt: skip
        inspections.submit(ins, by=qc, notes="侧缝爆线集中在 L 码")
        delay, _ = delays.record_delay(
            order=chair, by=lina, client_uuid=uuid.uuid4(), cause=DelayCause.EQUIPMENT,
            department=Department.PRODUCTION, hours_lost=16, slip_days=2, note="开料锯故障",
        )  # fmt: skip
        delays.escalate(delay, by=lina, note="需要主管批准加班")
        due = request_change(hoodie, by=lina, new_due=hoodie.due_date + timedelta(days=5),
                             reason="面料短码补货，需延后 5 天")  # fmt: skip
        db.session.commit()
        return {
            "signoff": approvals.open_request("inspection_signoff", ins.id).id,
            "delay": approvals.open_request("delay_escalation", delay.id).id,
            "due": due.id,
            "hoodie_due": (hoodie.due_date + timedelta(days=5)).isoformat(),
            "hoodie_id": hoodie.id,
        }


def test_supervisor_clears_three_requests_while_the_follower_watches(
    app, live, phone, tablet, make_user, make_order, make_defect_type
):
    follower = make_user(Role.FOLLOWER, username="lina", full_name="李娜", language="zh_Hans")
    make_user(Role.SUPERVISOR, username="wang", full_name="王敏", language="zh_Hans")
    inspector = make_user(Role.INSPECTOR, username="chen", full_name="陈杰", language="zh_Hans")
    start = date.today() - timedelta(days=4)
    orders = [
        make_order(follower=follower, style="HA-5521", product_name="男式Polo衫", quantity=1000,
                   planned_qty=1000, start=start),
        make_order(follower=follower, style="NH-2411", product_name="五层书架", start=start),
        make_order(follower=follower, style="HA-5534", product_name="童装卫衣", start=start),
    ]  # fmt: skip
    defect = make_defect_type(name="爆缝/开线", name_en="Open seam")
    ids = _requests(app, follower, inspector, orders, defect)

    # The follower opens "My requests" on the phone and leaves it open.
    mine = phone("zh-CN")
    sign_in(mine, live, "lina", TEST_PASSWORD)
    mine.goto(f"{live}/")
    expect(mine.locator("#recent-approvals .my-request")).to_have_count(2)
    mine.locator("#my-requests-link").click()
    rows = mine.locator("#my-requests .my-request")
    expect(rows).to_have_count(2)  # the sign-off was raised by the inspector, not by her
    expect(mine.locator(f'.my-request[data-id="{ids["due"]}"]')).to_have_attribute(
        "data-status", "pending"
    )
    mine.evaluate("window.__sameDocument = 'yes'")
    assert no_horizontal_scroll(mine)

    # The supervisor's queue on the tablet: list on the left, the oldest request on the right.
    desk = tablet("zh-CN")
    desk_errors: list[str] = []
    desk.on("pageerror", lambda exc: desk_errors.append(str(exc)))
    desk.on("console", lambda msg: msg.type == "error" and desk_errors.append(msg.text))
    sign_in(desk, live, "wang", TEST_PASSWORD)
    expect(desk.locator("#nav-badge-side")).to_have_text("3")
    desk.locator(".sidenav a[href='/approvals/']").click()
    expect(desk.locator("#approval-list .approval-row")).to_have_count(3)
    expect(desk.locator("#approval-detail .detail-title")).to_be_visible()
    screenshot(desk, "approvals-queue-tablet")

    # 1. The inspection sign-off: enlarge a photo, swipe to the next, reject with a comment.
    desk.locator(f'.approval-row[data-id="{ids["signoff"]}"] .row-link').click()
    expect(desk.locator("#approval-detail")).to_contain_text("侧缝爆线集中在 L 码")
    expect(desk.locator("#approval-detail tr[data-class='major']")).to_contain_text("7")
    desk.locator(".evidence-photos a[data-lightbox]").first.click()
    box = desk.locator("#lightbox")
    expect(box).to_be_visible()
    expect(box.locator(".lb-count")).to_have_text("1 / 2")
    expect(box.locator("img")).to_have_attribute("src", re.compile(r"^/photos/\d+$"))
    first_src = box.locator("img").get_attribute("src")
    desk.keyboard.press("ArrowRight")
    expect(box.locator(".lb-count")).to_have_text("2 / 2")
    assert box.locator("img").get_attribute("src") != first_src
    desk.wait_for_function("document.querySelector('#lightbox img').naturalWidth > 0")
    screenshot(desk, "approvals-photo-enlarged-tablet")
    box.locator(".lb-close").click()
    expect(box).to_be_hidden()
    desk.locator("#btn-reject").click()  # no comment yet: refused, nothing decided
    expect(desk.locator("#decide-error")).to_be_visible()
    expect(desk.locator("#approval-status")).to_have_attribute("data-status", "pending")
    desk.fill("#comment", "侧缝爆线超标，返工后复检")
    desk.locator("#btn-reject").click()
    expect(desk.locator("#approval-decision")).to_contain_text("侧缝爆线超标，返工后复检")
    expect(desk.locator("#approval-decision")).to_contain_text("王敏")
    expect(desk.locator("#reinspection-link")).to_be_visible()
    expect(desk.locator("#approval-list .approval-row")).to_have_count(2)

    # 2. The delay escalation: the plan against actual is on screen; decide overtime.
    desk.locator(f'.approval-row[data-id="{ids["delay"]}"] .row-link').click()
    expect(desk.locator("#approval-detail .evidence-progress")).to_be_visible()
    desk.locator("input[name=decision][value=overtime]").check()
    desk.fill("#comment", "周六加班一天")
    desk.locator("#btn-approve").click()
    expect(desk.locator("#approval-decision")).to_contain_text("批准加班")

    # 3. The due-date change: approve the date asked for.
    desk.locator(f'.approval-row[data-id="{ids["due"]}"] .row-link').click()
    expect(desk.locator("#requested-due")).to_have_text(ids["hoodie_due"])
    desk.locator("#btn-approve").click()
    expect(desk.locator("#approval-status")).to_have_attribute("data-status", "approved")
    expect(desk.locator("#approval-list")).to_contain_text("没有待审批事项")
    expect(desk.locator("#nav-badge-side")).to_be_hidden()
    screenshot(desk, "approvals-decided-tablet")

    # Meanwhile the follower's page has refreshed itself (polling), without a reload.
    expect(mine.locator(f'.my-request[data-id="{ids["due"]}"]')).to_have_attribute(
        "data-status", "approved", timeout=25_000
    )
    expect(mine.locator(f'.my-request[data-id="{ids["delay"]}"]')).to_have_attribute(
        "data-status", "approved", timeout=25_000
    )
    expect(mine.locator(f'.my-request[data-id="{ids["delay"]}"]')).to_contain_text("周六加班一天")
    assert mine.evaluate("window.__sameDocument") == "yes"
    screenshot(mine, "approvals-my-requests-phone")
    mine.goto(f"{live}/orders/{ids['hoodie_id']}")
    expect(mine.locator("#due-date-change")).to_contain_text("已批准")
    assert not mine.js_errors, mine.js_errors
    # The refused reject answered 422 on purpose; anything else is a defect.
    assert [e for e in desk_errors if "status of 422" not in e] == [], desk_errors


def test_supervisor_queue_on_a_phone_fits_the_screen(app, live, phone, make_user, make_order):
    from webapp.auth.models import User
    from webapp.extensions import db
    from webapp.orders.approval_kinds import request_change
    from webapp.orders.models import Order

    follower = make_user(Role.FOLLOWER, username="lina", full_name="李娜", language="zh_Hans")
    make_user(Role.SUPERVISOR, username="wang", full_name="王敏", language="zh_Hans")
    order = make_order(follower=follower, style="NH-2411")
    with app.app_context():
        o = db.session.get(Order, order.id)
        req = request_change(o, by=db.session.get(User, follower.id),
                             new_due=o.due_date + timedelta(days=6), reason="开料锯维修 3 天")  # fmt: skip
        db.session.commit()
        req_id = req.id
    page = phone("zh-CN")
    sign_in(page, live, "wang", TEST_PASSWORD)
    page.goto(f"{live}/approvals/")
    expect(page.locator("#approval-detail")).to_contain_text("开料锯维修 3 天")
    expect(page.locator("#nav-badge-bottom")).to_have_text("1")
    assert no_horizontal_scroll(page)
    screenshot(page, "approvals-queue-phone")
    page.locator("summary", has_text="退回并提问").click()
    page.fill("#question", "维修单号是多少？")
    page.locator("#btn-ask").click()
    expect(page.locator("#approval-status")).to_have_attribute("data-status", "needs_info")
    with app.app_context():
        from webapp.approvals.models import ApprovalRequest

        assert db.session.get(ApprovalRequest, req_id).messages[0].body == "维修单号是多少？"
    assert not page.js_errors, page.js_errors
